print("no Dockerfile here: AML004 reports it")
