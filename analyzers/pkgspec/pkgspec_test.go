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
		{"pkg=1.0", ir.ReqPackage, "pkg", "=1.0", false, true},
		{"[extra]", ir.ReqPackage, "", "", false, true},
	}
	for _, tt := range tests {
		r := ParseRequirement(tt.line)
		if r.Kind != tt.kind || r.Name != tt.name || r.Specifier != tt.spec || r.Pinned() != tt.pinned || (r.Err != "") != tt.err {
			t.Errorf("ParseRequirement(%q) = kind %v name %q spec %q pinned %v err %q", tt.line, r.Kind, r.Name, r.Specifier, r.Pinned(), r.Err)
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
	}
	for _, tt := range tests {
		d := ParseCondaSpec(tt.spec)
		if d.Channel != tt.channel || d.Name != tt.name || d.Version != tt.version || d.Build != tt.build || (d.Err != "") != tt.err {
			t.Errorf("ParseCondaSpec(%q) = %+v", tt.spec, d)
		}
	}
}
