package imageref

import "testing"

func TestForms(t *testing.T) {
	tests := []struct{ in, repo, short, canonical string }{
		{"python:3.11", "python", "python", "docker.io/library/python:3.11"},
		{"docker.io/library/python:3.11", "docker.io/library/python", "python", "docker.io/library/python:3.11"},
		{"mcr.microsoft.com/mirror/docker/library/ubuntu:22.04", "mcr.microsoft.com/mirror/docker/library/ubuntu", "ubuntu", "mcr.microsoft.com/mirror/docker/library/ubuntu:22.04"},
		{"MCR.microsoft.com/azureml/base:1@sha256:abc", "mcr.microsoft.com/azureml/base", "mcr.microsoft.com/azureml/base", "MCR.microsoft.com/azureml/base:1@sha256:abc"},
		{"localhost:5000/img", "localhost:5000/img", "localhost:5000/img", "localhost:5000/img:latest"},
		{"$BASE", "$base", "", "$BASE"},
	}
	for _, tt := range tests {
		if got := Repository(tt.in); got != tt.repo {
			t.Errorf("Repository(%q) = %q, want %q", tt.in, got, tt.repo)
		}
		if got := Short(tt.in); got != tt.short {
			t.Errorf("Short(%q) = %q, want %q", tt.in, got, tt.short)
		}
		if got := Canonical(tt.in); got != tt.canonical {
			t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.canonical)
		}
	}
}
