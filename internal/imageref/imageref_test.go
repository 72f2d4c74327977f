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
		{"registry.hub.docker.com/library/python:3.11", "registry.hub.docker.com/library/python", "python", "registry.hub.docker.com/library/python:3.11"},
		{"index.docker.io/pytorch/pytorch", "index.docker.io/pytorch/pytorch", "pytorch/pytorch", "docker.io/pytorch/pytorch:latest"},
		{"docker.io.example.com/x", "docker.io.example.com/x", "docker.io.example.com/x", "docker.io.example.com/x:latest"},
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

func TestIsDockerHubHost(t *testing.T) {
	tests := []struct {
		host string
		want bool
	}{
		{"docker.io", true},
		{"index.docker.io", true},
		{"registry-1.docker.io", true},
		{"registry.hub.docker.com", true},
		{"hub.docker.com", true},
		{"Docker.IO", true},
		{"mcr.microsoft.com", false},
		{"docker.io.example.com", false},
		{"auth.docker.io", false},
		{"ghcr.io", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsDockerHubHost(tt.host); got != tt.want {
			t.Errorf("IsDockerHubHost(%q) = %v, want %v", tt.host, got, tt.want)
		}
	}
}

func TestSplit(t *testing.T) {
	tests := []struct{ in, name, tag, digest string }{
		{"python", "python", "", ""},
		{" python:3.11-slim ", "python", "3.11-slim", ""},
		{"MCR.microsoft.com/azureml/base:1@sha256:abc", "MCR.microsoft.com/azureml/base", "1", "@sha256:abc"},
		{"localhost:5000/img", "localhost:5000/img", "", ""},
		{"localhost:5000/img:2", "localhost:5000/img", "2", ""},
		{"img@", "img", "", "@"},
		{"img:@a@b", "img", "", "@a@b"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		name, tag, digest := Split(tt.in)
		if name != tt.name || tag != tt.tag || digest != tt.digest {
			t.Errorf("Split(%q) = %q, %q, %q, want %q, %q, %q", tt.in, name, tag, digest, tt.name, tt.tag, tt.digest)
		}
		if got := Tag(tt.in); got != tt.tag {
			t.Errorf("Tag(%q) = %q, want %q", tt.in, got, tt.tag)
		}
	}
}
