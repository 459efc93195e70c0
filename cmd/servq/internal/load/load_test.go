package load

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/servq/servq/workorder"
)

func TestPaths(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("a/policy.yaml", "version: 1\n")
	write("a/data.csv", "order,event,at\n")
	write("a/extra.jsonl", "")
	write("b/policy.yaml", "version: 1\n")
	write("b/orders.jsonl", "")
	write("c/x.jsonl", "")
	write("c/y.csv", "")
	write("d/notes.txt", "")

	if p, err := PolicyPath(filepath.Join(dir, "a")); err != nil || p != filepath.Join(dir, "a", "policy.yaml") {
		t.Errorf("PolicyPath(a) = %q, %v", p, err)
	}
	if _, err := PolicyPath(filepath.Join(dir, "d")); !errors.Is(err, ErrNotFound) {
		t.Errorf("PolicyPath(d): %v", err)
	}
	if _, err := PolicyPath(filepath.Join(dir, "nowhere")); !errors.Is(err, ErrNotFound) {
		t.Errorf("PolicyPath(nowhere): %v", err)
	}
	for _, tt := range []struct{ data, policy, want, err string }{
		{"", filepath.Join(dir, "a"), "a/data.csv", ""},                   // data.csv wins over other files
		{"", filepath.Join(dir, "b"), "b/orders.jsonl", ""},               // the only data file
		{filepath.Join(dir, "c"), "", "", "several data files"},           // ambiguous
		{filepath.Join(dir, "d"), "", "", "holds no data file"},           // none
		{"", filepath.Join(dir, "a", "policy.yaml"), "", "no data given"}, // a policy file names no data
	} {
		got, err := DataPath(tt.data, tt.policy)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("DataPath(%q, %q) = %q, %v; want error %q", tt.data, tt.policy, got, err, tt.err)
			}
		case err != nil || got != filepath.Join(dir, tt.want):
			t.Errorf("DataPath(%q, %q) = %q, %v; want %q", tt.data, tt.policy, got, err, tt.want)
		}
	}
}

// TestOpenGzip: a .jsonl.gz file is read decompressed, its format from the
// name without .gz, and the bytes read are counted for the progress bar.
func TestOpenGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	io.WriteString(zw, `{"order":"A","event":"x","at":"2025-07-01T09:00:00+08:00"}`+"\n")
	zw.Close()
	p := filepath.Join(t.TempDir(), "data.jsonl.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := OpenData(p, workorder.FormatInvalid)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Format != workorder.JSONL || d.Size != int64(buf.Len()) {
		t.Fatalf("format %v size %d", d.Format, d.Size)
	}
	dec, err := workorder.NewDecoder(d, d.Format, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ev workorder.Event
	if err := dec.Next(&ev); err != nil || ev.Order != "A" {
		t.Fatalf("Next: %+v, %v", ev, err)
	}
	if d.BytesRead() != int64(buf.Len()) {
		t.Errorf("BytesRead %d, want %d", d.BytesRead(), buf.Len())
	}
	if _, err := OpenData("-", workorder.FormatInvalid); err == nil {
		t.Error("standard input without a format was accepted")
	}
}
