package diagnose

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// repeatReader yields body over and over until size bytes have been read,
// so a 100 MB log is never held in memory.
type repeatReader struct {
	body []byte
	off  int
	left int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && r.left > 0 {
		c := copy(p[n:], r.body[r.off:])
		if int64(c) > r.left {
			c = int(r.left)
		}
		n += c
		r.left -= int64(c)
		r.off = (r.off + c) % len(r.body)
	}
	return n, nil
}

// benchBody concatenates every fixture: all problem texts, warnings and
// successful builds, so the pre-filter sees its real hit rate.
func benchBody(b *testing.B) []byte {
	paths, _ := filepath.Glob("testdata/*/*.log")
	var body []byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		body = append(body, data...)
		body = append(body, '\n')
	}
	if len(body) == 0 {
		b.Skip("no fixtures")
	}
	return body
}

// noise is what most of a real build log is: package downloads, apt,
// compiler command lines (with -Werror flags), conda progress.
var noise = []string{
	"#12 14.213   Downloading numpy-1.26.4-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl (18.2 MB)",
	"#12 14.902      ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 18.2/18.2 MB 61.3 MB/s eta 0:00:00",
	"2024-03-05T10:11:12.1234567Z Get:17 http://archive.ubuntu.com/ubuntu jammy/main amd64 libgpg-error0 amd64 1.43-3 [72.6 kB]",
	"2024-03-05T10:11:13.5534567Z Setting up liberror-perl (0.17029-1) ...",
	"    gcc -pthread -Wno-unused-result -Wsign-compare -DNDEBUG -g -fwrapv -O2 -Wall -fPIC -Werror=format-security -I/opt/conda/include/python3.10 -c src/_yaml.c -o build/temp.linux-x86_64-3.10/src/_yaml.o",
	"  - conda-forge/linux-64::libstdcxx-ng==13.2.0=h7e041cc_5",
	"Collecting package metadata (repodata.json): ...working... done",
	"    libgcc-ng-13.2.0           | 755 KB    | ########## | 100%",
	"Requirement already satisfied: six>=1.5 in /opt/conda/lib/python3.10/site-packages (from python-dateutil>=2.8.2->pandas==2.1.4) (1.16.0)",
	" ---> Running in 7f3a9c2b1d4e",
}

// BenchmarkAnalyze100MB reads a 100 MB failed-build log: noise with one
// fixture (every failure shape in turn) per ~512 KiB. It reports
// throughput (MB/s) and the heap in use after the run, which does not grow
// with the input.
func BenchmarkAnalyze100MB(b *testing.B) {
	fixtures := benchBody(b)
	var body []byte
	for len(body) < 32<<20 {
		for i := 0; i < 6000; i++ {
			body = append(body, noise[i%len(noise)]...)
			body = append(body, '\n')
		}
		off := (len(body) / 7) % len(fixtures)
		end := min(len(fixtures), off+8<<10)
		body = append(body, fixtures[off:end]...)
		body = append(body, '\n')
	}
	benchLog(b, body)
}

// BenchmarkAnalyzeDense is the worst case: a log made only of failures,
// where nearly every line is a candidate for the handlers.
func BenchmarkAnalyzeDense(b *testing.B) { benchLog(b, benchBody(b)) }

func benchLog(b *testing.B, body []byte) {
	const size = 100 << 20
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Analyze(&repeatReader{body: body, left: size}); err != nil {
			b.Fatal(err)
		}
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
}

// BenchmarkAnalyzeQuiet is the common case: a long log of installs with
// hardly anything to look at.
func BenchmarkAnalyzeQuiet(b *testing.B) {
	benchLog(b, []byte("#12 14.213   Downloading numpy-1.26.4-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl (18.2 MB)\n"))
}
