package pkgspec

import (
	"testing"

	"github.com/mlenv-lint/mlenv-lint/analyzers/ir"
)

func TestParseRequirement(t *testing.T) {
	tests := []struct {
		line   string
		kind   ir.ReqKind
		name   string
		spec   string
		pinned bool
		err    bool
	}{
		{"numpy", ir.ReqPackage, "numpy", "", false, false},
		{"Django_Rest.Framework==3.15.1", ir.ReqPackage, "django-rest-framework", "==3.15.1", true, false},
		{"scipy==1.*", ir.ReqPackage, "scipy", "==1.*", false, false},
		{"torch===2.3.1+cpu", ir.ReqPackage, "torch", "===2.3.1+cpu", true, false},
		{"pkg (>=1.0)", ir.ReqPackage, "pkg", ">=1.0", false, false},
		{"pkg >= 1.0, < 2", ir.ReqPackage, "pkg", ">= 1.0, < 2", false, false},
		{"flask==3.0.3 --hash=sha256:abc", ir.ReqPackage, "flask", "==3.0.3", true, false},
		{"pkg @ https://x/pkg-1.0.whl", ir.ReqURL, "pkg", "", false, false},
		{"git+https://github.com/o/r.git@v1#egg=r_pkg", ir.ReqURL, "r-pkg", "", false, false},
		{"./local", ir.ReqPath, "", "", false, false},
		{"dist/pkg-1.0-py3-none-any.whl", ir.ReqPath, "", "", false, false},
		{"-e .", ir.ReqEditable, "", "", false, false},
		{"-rbase.txt", ir.ReqInclude, "", "", false, false},
		{"--index-url https://pypi.org/simple", ir.ReqOption, "", "", false, false},
		{"--use-feature", ir.ReqOption, "", "", false, true},
		{"--target", ir.ReqOption, "", "", false, true}, // one table with pip install's options
		{"--pre", ir.ReqOption, "", "", false, false},
		{"pkg=1.0", ir.ReqPackage, "pkg", "=1.0", false, true},
		{"[extra]", ir.ReqPackage, "", "", false, true},
	}
	for _, tt := range tests {
		r := ParseRequirement(tt.line)
		if r.Kind != tt.kind || r.Name != tt.name || r.Specifier != tt.spec || (PipPin(r.Specifier) == PinExact) != tt.pinned || (r.Err != "") != tt.err {
			t.Errorf("ParseRequirement(%q) = kind %v name %q spec %q err %q", tt.line, r.Kind, r.Name, r.Specifier, r.Err)
		}
	}
}

func TestParseCondaSpec(t *testing.T) {
	tests := []struct {
		spec                          string
		channel, name, version, build string
		err                           bool
	}{
		{"python=3.11.9", "", "python", "=3.11.9", "", false},
		{"numpy==1.26.4", "", "numpy", "==1.26.4", "", false},
		{"pytorch::pytorch 2.3.1 py3.11_cuda12.1_0", "pytorch", "pytorch", "2.3.1", "py3.11_cuda12.1_0", false},
		{"scipy=1.13=py311h0", "", "scipy", "=1.13", "py311h0", false},
		{"pandas>=2,<3", "", "pandas", ">=2,<3", "", false},
		{"pip", "", "pip", "", "", false},
		{"numpy[version='>=1.20',build=py*]", "", "numpy", ">=1.20", "py*", false},
		{"=1.0", "", "", "=1.0", "", true},
		{"numpy=", "", "numpy", "=", "", true},
		{"numpy=1.0;x", "", "numpy", "=1.0;x", "", true},
		// conda's own grammar: blanks around operators, build after = or a blank.
		{"PyJWT < 2.0.0", "", "pyjwt", "<2.0.0", "", false},
		{"numpy >=1.0 , < 2.0 py34_0", "", "numpy", ">=1.0,<2.0", "py34_0", false},
		{"numpy==1.26.4=py311h64a7726_0", "", "numpy", "==1.26.4", "py311h64a7726_0", false},
		{"numpy=1.26.4=py311h64a7726_0", "", "numpy", "=1.26.4", "py311h64a7726_0", false},
		{"blas=*=mkl", "", "blas", "=*", "mkl", false},
		{"blas * mkl", "", "blas", "*", "mkl", false},
		{"numpy 1.8*", "", "numpy", "1.8*", "", false},
		{"numpy=1.18.*", "", "numpy", "=1.18.*", "", false},
		{"numpy>1.8,<2|==1.7", "", "numpy", ">1.8,<2|==1.7", "", false},
		{"conda-forge::numpy[version='>=1.20, <2']", "conda-forge", "numpy", ">=1.20,<2", "", false},
		{"numpy # pinned below", "", "numpy", "", "", false},
		{"https://repo.anaconda.com/pkgs/main/linux-64/numpy-1.26.4-py311h08b1b3b_0.conda", "", "numpy", "==1.26.4", "py311h08b1b3b_0", false},
		{"numpy=1.0=py 3", "", "numpy", "=1.0", "py 3", true},
		{"num$py", "", "num$py", "", "", true},
	}
	for _, tt := range tests {
		d := ParseCondaSpec(tt.spec)
		if d.Channel != tt.channel || d.Name != tt.name || d.Version != tt.version || d.Build != tt.build || (d.Err != "") != tt.err {
			t.Errorf("ParseCondaSpec(%q) = %+v", tt.spec, d)
		}
	}
}

func TestPipPin(t *testing.T) {
	tests := []struct {
		spec string
		want Pin
	}{
		{"", PinNone},
		{"==1.2.3", PinExact},
		{"===2.3.1+cpu", PinExact},
		{">=1.0,==1.2.3", PinExact},
		{"==1.27.*", PinSeries},
		{"==1.*", PinRange},
		{"~=0.33.0", PinSeries},
		{"~=3.0.24.0", PinSeries},
		{"~=0.1.0b1", PinSeries},
		{"~=6.0", PinRange},
		{">=1.1,<1.2", PinSeries},
		{">=1.1.3, <1.2.0", PinSeries},
		{">=1.1,<2", PinRange},
		{">=0.6.2,<=0.7.0", PinRange},
		{"<=0.23.4", PinRange},
		{"!=1.5", PinRange},
		{"=2.0", PinRange},
	}
	for _, tt := range tests {
		if got := PipPin(tt.spec); got != tt.want {
			t.Errorf("PipPin(%q) = %v, want %v", tt.spec, got, tt.want)
		}
	}
}

func TestCondaPin(t *testing.T) {
	tests := []struct {
		version, build string
		want           Pin
	}{
		{"", "", PinNone},
		{"=*", "mkl", PinBuild},
		{"*", "*", PinNone},
		{"=1.26", "", PinSeries},
		{"=1.26.4", "py311h0", PinSeries},
		{"==1.26.4", "", PinExact},
		{"1.26.4", "", PinExact},
		{"1.8*", "", PinSeries},
		{"=1.18.*", "", PinSeries},
		{"=1", "", PinRange},
		{"1.*", "", PinRange},
		{"~=0.7.0", "", PinSeries},
		{"~=0.7", "", PinRange},
		{">=1.1,<1.2", "", PinSeries},
		{"<2.0.0", "", PinRange},
		{">1.8,<2|==1.7", "", PinRange},
	}
	for _, tt := range tests {
		if got := CondaPin(tt.version, tt.build); got != tt.want {
			t.Errorf("CondaPin(%q, %q) = %v, want %v", tt.version, tt.build, got, tt.want)
		}
	}
}

func TestParseOrigin(t *testing.T) {
	tests := []struct {
		url     string
		source  Source
		ref     RefKind
		version string
		pinned  bool
	}{
		{"git+https://github.com/apple/coremltools@v2.1", SourceVCS, RefTag, "", true},
		{"git+https://github.com/huggingface/trl.git@eab175d434b9bb9badee20335c7945991a26dfdb", SourceVCS, RefCommit, "", true},
		{"git+https://github.com/o/r.git@eab175d", SourceVCS, RefCommit, "", true},
		{"git+https://github.com/microsoft/AzureML-Observability#subdirectory=aml-obs-client", SourceVCS, RefNone, "", false},
		{"git+https://github.com/o/r.git@main#egg=r", SourceVCS, RefBranch, "", false},
		{"git+ssh://git@github.com/o/r.git", SourceVCS, RefNone, "", false},
		{"git+https://user:tok@github.com/o/r.git@refs/tags/release", SourceVCS, RefTag, "", true},
		{"svn+https://svn.example.com/repo/trunk@2019", SourceVCS, RefTag, "", true},
		{"https://download.pytorch.org/whl/cu90/torch-1.1.0-cp36-cp36m-linux_x86_64.whl", SourceArchive, RefNone, "1.1.0", true},
		{"https://aka.ms/automl-resources/packages/en_core_web_sm-2.3.1.tar.gz", SourceArchive, RefNone, "2.3.1", true},
		{"https://github.com/o/r/archive/refs/tags/v1.2.zip", SourceArchive, RefTag, "", true},
		{"https://github.com/o/r/archive/main.zip", SourceArchive, RefBranch, "", false},
		{"https://example.com/pkg.tar.gz?sig=abc", SourceArchive, RefNone, "", false},
		{"./dist/pkg-1.0-py3-none-any.whl", SourceArchive, RefNone, "1.0", true},
		{"file:./local_pkg", SourceOther, RefNone, "", false},
		{".", SourceOther, RefNone, "", false},
		{"https://example.com/simple/pkg/", SourceOther, RefNone, "", false},
	}
	for _, tt := range tests {
		o := ParseOrigin(tt.url)
		if o.Source != tt.source || o.RefKind != tt.ref || o.Version != tt.version || o.Pinned() != tt.pinned {
			t.Errorf("ParseOrigin(%q) = %+v (pinned %v)", tt.url, o, o.Pinned())
		}
	}
}

func TestFix(t *testing.T) {
	tests := []struct{ line, want string }{
		{"pandas=2.0", "pandas==2.0"},
		{"pandas = 2.0", "pandas==2.0"},
		{"pandas 2.0", "pandas==2.0"},
		{"requests[socks]=2.31.0 ; python_version >= \"3.8\"", "requests[socks]==2.31.0 ; python_version >= \"3.8\""},
		{"numpy=>1.20", "numpy>=1.20"},
		{"numpy==1.26.4=py311h0", "numpy==1.26.4"},
		{"scipy>=1.0,=<2", "scipy>=1.0,<=2"},
		{"numpy==1.26.4", ""},
		{"numpy=^1", ""},
	}
	for _, tt := range tests {
		r := ParseRequirement(tt.line)
		if got := Fix(&r); got != tt.want {
			t.Errorf("Fix(%q) = %q (err %q), want %q", tt.line, got, r.Err, tt.want)
		}
	}
}

func TestVarsAreUnknown(t *testing.T) {
	r := ParseRequirement("azureml-core==${AML_VERSION}")
	if r.Placeholder == "" || r.Err != "" {
		t.Errorf("got %+v, want a Placeholder and no Err", r)
	}
}

func TestCompareReleaseAndBounds(t *testing.T) {
	if CompareRelease("24", "24.0") != 0 || CompareRelease("20.2.4", "24.0") >= 0 || CompareRelease("26.1.1", "26.1") <= 0 {
		t.Error("CompareRelease")
	}
	lo, hi := Bounds(">=20.0, <=20.2.4")
	if lo != (Bound{"20.0", true}) || hi != (Bound{"20.2.4", true}) {
		t.Errorf("Bounds = %v %v", lo, hi)
	}
	lo, hi = Bounds("<21")
	if lo.V != "" || hi != (Bound{"21", false}) {
		t.Errorf("Bounds = %v %v", lo, hi)
	}
}
