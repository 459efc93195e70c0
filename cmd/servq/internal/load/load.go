// Package load finds and reads what the servq subcommands are given: a policy
// (a file, or a directory holding policy.yaml), and
// work-order data (a file, or the policy directory's data file), plain or
// gzip-compressed.
package load

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/servq/servq/cmd/servq/internal/engine"
	"github.com/servq/servq/policy"
	"github.com/servq/servq/workorder"
)

// PolicyFile is the name of the policy in a policy directory.
const PolicyFile = "policy.yaml"

// ErrNotFound is wrapped when a policy or data argument names nothing usable.
var ErrNotFound = errors.New("not found")

// PolicyPath resolves a policy argument: a file, or a directory holding
// policy.yaml.
func PolicyPath(arg string) (string, error) {
	fi, err := os.Stat(arg)
	if err != nil {
		return "", fmt.Errorf("policy %s: %w", arg, notFound(err))
	}
	if !fi.IsDir() {
		return arg, nil
	}
	p := filepath.Join(arg, PolicyFile)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("policy directory %s has no %s: %w", arg, PolicyFile, ErrNotFound)
	}
	return p, nil
}

func notFound(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return ErrNotFound
	}
	return err
}

// DataPath resolves a data argument: a file, or a directory whose data file
// is data.jsonl, data.csv (either possibly .gz), or its only .jsonl or .csv
// file. An empty argument means the policy argument's directory (when the
// policy was given as a directory).
func DataPath(arg, policyArg string) (string, error) {
	if arg == "-" {
		return arg, nil // standard input
	}
	if arg == "" {
		fi, err := os.Stat(policyArg)
		if err != nil || !fi.IsDir() {
			return "", fmt.Errorf("no data given: name a data file, or give the policy as a directory holding one: %w", ErrNotFound)
		}
		arg = policyArg
	}
	fi, err := os.Stat(arg)
	if err != nil {
		return "", fmt.Errorf("data %s: %w", arg, notFound(err))
	}
	if !fi.IsDir() {
		return arg, nil
	}
	for _, name := range []string{"data.jsonl", "data.jsonl.gz", "data.csv", "data.csv.gz"} {
		p := filepath.Join(arg, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	entries, err := os.ReadDir(arg)
	if err != nil {
		return "", err
	}
	var found []string
	for _, e := range entries {
		if _, err := workorder.FormatOf(strings.TrimSuffix(e.Name(), ".gz")); err == nil && !e.IsDir() {
			found = append(found, e.Name())
		}
	}
	switch len(found) {
	case 1:
		return filepath.Join(arg, found[0]), nil
	case 0:
		return "", fmt.Errorf("directory %s holds no data file (data.jsonl, data.csv): %w", arg, ErrNotFound)
	}
	sort.Strings(found)
	return "", fmt.Errorf("directory %s holds several data files (%s): name one: %w", arg, strings.Join(found, ", "), ErrNotFound)
}

// Errors is every problem found in a policy file, in file order.
type Errors []error

// Error formats the errors separated by blank lines.
func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n\n")
}

// Unwrap returns the errors.
func (es Errors) Unwrap() []error { return es }

// Policy reads and compiles a policy file, its run section included
// (policy.Parse), and lays it out for the engine. On failure the error is
// Errors, listing every problem; an I/O error is returned as is.
func Policy(path string) (*engine.Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	pol, err := policy.Parse(path, data)
	if err != nil {
		var pl policy.ErrorList
		if !errors.As(err, &pl) {
			return nil, err
		}
		errs := make(Errors, len(pl))
		for i, e := range pl {
			errs[i] = e
		}
		return nil, errs
	}
	cfg, err := engine.Compile(pol)
	if err != nil {
		return nil, Errors{err}
	}
	return cfg, nil
}

// Data is an open data file.
type Data struct {
	Path   string
	Format workorder.Format
	// Size is the file's size in bytes (compressed size for .gz); 0 for
	// standard input.
	Size int64
	// BytesRead counts the bytes read from the file so far (for progress).
	BytesRead func() int64
	io.Reader
	closers []io.Closer
}

// Close closes the file.
func (d *Data) Close() error {
	var err error
	for i := len(d.closers) - 1; i >= 0; i-- {
		if e := d.closers[i].Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}

// OpenData opens a data file ("-" is standard input, in the format given).
// The format comes from the extension (.jsonl, .ndjson, .csv, each possibly
// followed by .gz) unless format names one.
func OpenData(path string, format workorder.Format) (*Data, error) {
	name := strings.TrimSuffix(path, ".gz")
	gz := name != path
	if format == workorder.FormatInvalid {
		if path == "-" {
			return nil, fmt.Errorf("data from standard input: give its format with --data-format jsonl or csv")
		}
		f, err := workorder.FormatOf(name)
		if err != nil {
			return nil, err
		}
		format = f
	}
	d := &Data{Path: path, Format: format}
	var r io.Reader
	if path == "-" {
		r = os.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		d.closers = append(d.closers, f)
		if fi, err := f.Stat(); err == nil {
			d.Size = fi.Size()
		}
		r = f
	}
	cr := &countingReader{r: r}
	d.BytesRead = cr.n.Load
	r = cr
	if gz {
		zr, err := gzip.NewReader(bufio.NewReaderSize(r, 64<<10))
		if err != nil {
			d.Close()
			return nil, fmt.Errorf("data %s: %w", path, err)
		}
		d.closers = append(d.closers, zr)
		r = zr
	}
	d.Reader = r
	return d, nil
}

// countingReader counts bytes read; a progress bar reads the count from
// another goroutine.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
