package diagnose

import "testing"

// A missing compiler or build tool is the root cause of the compile error
// it makes (rule 1 of testdata/reallogs/README.md): it ranks above AML906
// and pip's catch-all AML920 in every wording, but below a named
// package's build (rule 2, rule 41's AML907|AML916).
func TestMissingBuildToolRanks(t *testing.T) {
	const wheel = "  ERROR: Failed building wheel for foo\nERROR: Could not build wheels for foo, which is required to install pyproject.toml-based projects\n"
	runShapes(t, []shapeCase{
		{
			// CMake, Modules/CMakeDetermineCompiler.cmake: "No CMAKE_${lang}_COMPILER could be found."
			name: "CMake found no CUDA compiler",
			log:  "CMake Error at CMakeLists.txt:3 (project):\n  No CMAKE_CUDA_COMPILER could be found.\n\n  Tell CMake where to find the compiler by setting either the environment\n  variable \"CUDACXX\" or the CMake cache entry CMAKE_CUDA_COMPILER to the full\n  path to the compiler, or to the compiler name if it is in the PATH.\n\n-- Configuring incomplete, errors occurred!\n" + wheel,
			want: MissingCommand, conf: Certain, subject: "nvcc",
		},
		{
			name: "CMake found no Fortran compiler",
			log:  "CMake Error at CMakeLists.txt:2 (project):\n  No CMAKE_Fortran_COMPILER could be found.\n" + wheel,
			want: MissingCommand, conf: Certain, subject: "gfortran",
		},
		{
			// a project() argument CMake read as a language (a CMake too old
			// for HOMEPAGE_URL): no compiler is missing
			name: "CMake misreads a project() argument as a language",
			log:  "259.0 CMake Error at third-party/rocksdb/CMakeLists.txt:41 (project):\n259.0   No CMAKE_HOMEPAGE_URL_COMPILER could be found.\n" + wheel,
			want: CompileError,
		},
		{
			// CMake, Modules/CMakeDetermineCCompiler.cmake:
			// "Could not find compiler set in environment variable CC:\n$ENV{CC}."
			name: "CMake's CC names no compiler",
			log:  "CMake Error at /usr/share/cmake-3.30/Modules/CMakeDetermineCCompiler.cmake:49 (message):\n  Could not find compiler set in environment variable CC:\n\n  clang -pthread.\nCall Stack (most recent call first):\n  CMakeLists.txt:36 (project)\n" + wheel,
			want: MissingCommand, conf: Certain, subject: "cc",
		},
		{
			// CMake, Source/cmGlobalGenerator.cxx
			name: "CMake's generator has no build program",
			log:  "CMake Error: CMake was unable to find a build program corresponding to \"Ninja\".  CMAKE_MAKE_PROGRAM is not set.  You probably need to select a different build tool.\n-- Configuring incomplete, errors occurred!\n" + wheel,
			want: MissingCommand, conf: Certain, subject: "ninja",
		},
		{
			name: "CMake's Makefile generator has no make",
			log:  "CMake Error: CMake was unable to find a build program corresponding to \"Unix Makefiles\".  CMAKE_MAKE_PROGRAM is not set.  You probably need to select a different build tool.\n" + wheel,
			want: MissingCommand, conf: Certain, subject: "make",
		},
		{
			// maturin/__init__.py (maturin's PEP 517 backend)
			name: "maturin finds no cargo",
			log:  "  Preparing metadata (pyproject.toml) ... error\n  error: subprocess-exited-with-error\n\n  Cargo, the Rust package manager, is not installed or is not on PATH.\n  This package requires Rust and Cargo to compile extensions. Install it through\n  the system's package manager or via https://rustup.rs/\n\nerror: metadata-generation-failed\n",
			want: MissingCommand, conf: Certain, subject: "cargo",
		},
		{
			// rustc's linker error when no C compiler links for it
			name: "rustc finds no linker",
			log:  "  error: linker `cc` not found\n    |\n    = note: No such file or directory (os error 2)\n\n  error: could not compile `proc-macro2` due to previous error\n  💥 maturin failed\n" + wheel,
			want: MissingCommand, conf: Certain, subject: "cc",
		},
		{
			name: "distutils could not run gcc, then the wheel failed",
			log:  "    unable to execute 'gcc': No such file or directory\n    error: command 'gcc' failed with exit status 1\n" + wheel,
			want: MissingCommand, conf: Certain, subject: "gcc",
		},
		{
			name: "a compile error with no missing tool",
			log:  "    src/foo.c:1:10: fatal error: Python.h: No such file or directory\n    error: command 'gcc' failed with exit status 1\n" + wheel,
			want: CompileError, conf: Certain,
		},
		{
			// rule 1 of testdata/reallogs/README.md, told in the post
			name: "prose names the missing compiler of the fenced compile error",
			log:  "The reason seems to be: unable to execute 'x86_64-linux-gnu-gcc': No such file or directory\n\n```\n    error: command 'x86_64-linux-gnu-gcc' failed with exit status 1\n" + wheel + "```\n",
			want: MissingCommand, conf: Certain, subject: "x86_64-linux-gnu-gcc",
		},
		{
			// rule 2: horovod's build is named; rule 41 accepts either
			name: "prose's missing compiler stays after a fenced horovod build",
			log:  "The reason seems to be: unable to execute 'x86_64-linux-gnu-gcc': No such file or directory\n\n```\n  Running setup.py install for horovod ... error\n    error: command 'x86_64-linux-gnu-gcc' failed with exit status 1\n```\n",
			want: HorovodBuild,
		},
		{
			// not a build tool: the prose's missing git comes after the
			// cause the fenced log shows, as before
			name: "prose's missing git stays after a fenced compile error",
			log:  "I also see git: command not found sometimes\n\n```\n    src/foo.c:1:10: fatal error: Python.h: No such file or directory\n    error: command 'gcc' failed with exit status 1\n" + wheel + "```\n",
			want: CompileError,
		},
		{
			name: "a shell comment names a missing compiler",
			log:  "Step 3/5 : RUN apt-get install -y build-essential  # else: unable to execute 'gcc': No such file or directory\n",
		},
		{
			name: "a changelog's fix names rustc's missing linker",
			log:  "- Fixed `error: linker `cc` not found` when building on Alpine (#123)\n",
		},
		{
			name: "a changelog's fix names maturin's missing cargo",
			log:  "* Fix \"Cargo, the Rust package manager, is not installed or is not on PATH\" on Windows\n",
		},
	})
}

func TestBuildTool(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"gcc", true}, {"x86_64-linux-gnu-gcc", true}, {"g++-11", true}, {"clang-14", true}, {"cl.exe", true},
		{"aarch64-linux-gnu-ld", true}, {"mingw32-make", true}, {"nvcc", true}, {"cargo", true},
		{"git", false}, {"pip", false}, {"conda", false}, {"wget", false}, {"python3", false}, {"node-gyp", false},
	} {
		if got := buildTool(tc.name); got != tc.want {
			t.Errorf("buildTool(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
