FROM debian:12.5
# want 1:AML001 "dockerfile parse error on line 3: unknown instruction: RUNN \(did you mean RUN\?\)"
RUNN echo hi
# want 1:AML001 "COPY requires at least two arguments"
COPY onlyone
# want 1:AML001 "FROM requires either one or three arguments"
FROM debian:12.5 foo
ENV A=b
