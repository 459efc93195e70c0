package qualitytest

import (
	"fmt"
	"strings"
	"testing"
)

// Recorder is a testing.TB that records what is reported to it instead of
// failing a test: for printing a test helper's failure in an example, or for
// checking in a test that a helper fails when it should.
//
// It implements Helper, Name, Log, Logf, Error, Errorf, Fatal, Fatalf,
// FailNow, Fail, Failed, Skip, Skipf, SkipNow, Skipped, Cleanup and Setenv
// (which records the request and changes nothing). Calling any other method of
// testing.TB panics. Fatal, FailNow and the Skip methods stop the function
// given to Run, as they stop a test.
//
// The zero Recorder is ready to use; a Recorder is not safe for concurrent
// use.
type Recorder struct {
	testing.TB // nil: only the methods listed above are implemented

	// TestName is what Name returns; empty means "Recorder".
	TestName string

	messages []string
	failed   bool
	skipped  bool
	cleanups []func()
}

// stop is the panic value with which Fatal and Skip leave Run.
type stop struct{}

// Run calls f with r, returns when f returns or calls Fatal, FailNow or a
// Skip method, runs the functions registered with Cleanup (last first),
// and reports whether r has failed.
func (r *Recorder) Run(f func(tb testing.TB)) (failed bool) {
	defer func() {
		for i := len(r.cleanups) - 1; i >= 0; i-- {
			r.cleanups[i]()
		}
		r.cleanups = nil
		if v := recover(); v != nil {
			if _, ok := v.(stop); !ok {
				panic(v)
			}
		}
		failed = r.failed
	}()
	f(r)
	return r.failed
}

// Messages returns the messages recorded, in order: those of Error and Fatal
// and those of Log and Skip.
func (r *Recorder) Messages() []string { return append([]string(nil), r.messages...) }

// String returns the messages, one after the other, each ending in a newline.
func (r *Recorder) String() string {
	var b strings.Builder
	for _, m := range r.messages {
		b.WriteString(m)
		if !strings.HasSuffix(m, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Reset forgets the messages and the failure.
func (r *Recorder) Reset() { r.messages, r.failed, r.skipped = nil, false, false }

// Helper does nothing.
func (r *Recorder) Helper() {}

// Name returns TestName, or "Recorder".
func (r *Recorder) Name() string {
	if r.TestName == "" {
		return "Recorder"
	}
	return r.TestName
}

func (r *Recorder) record(s string) { r.messages = append(r.messages, s) }

// Log records its arguments as fmt.Sprintln does, without the newline.
func (r *Recorder) Log(args ...any) { r.record(strings.TrimSuffix(fmt.Sprintln(args...), "\n")) }

// Logf records a formatted message.
func (r *Recorder) Logf(format string, args ...any) { r.record(fmt.Sprintf(format, args...)) }

// Error is Log followed by Fail.
func (r *Recorder) Error(args ...any) { r.Log(args...); r.Fail() }

// Errorf is Logf followed by Fail.
func (r *Recorder) Errorf(format string, args ...any) { r.Logf(format, args...); r.Fail() }

// Fatal is Log followed by FailNow.
func (r *Recorder) Fatal(args ...any) { r.Log(args...); r.FailNow() }

// Fatalf is Logf followed by FailNow.
func (r *Recorder) Fatalf(format string, args ...any) { r.Logf(format, args...); r.FailNow() }

// Fail marks the recorder failed.
func (r *Recorder) Fail() { r.failed = true }

// FailNow marks the recorder failed and stops the function given to Run.
func (r *Recorder) FailNow() { r.failed = true; panic(stop{}) }

// Failed reports whether Fail, Error or Fatal was called.
func (r *Recorder) Failed() bool { return r.failed }

// Skip is Log followed by SkipNow.
func (r *Recorder) Skip(args ...any) { r.Log(args...); r.SkipNow() }

// Skipf is Logf followed by SkipNow.
func (r *Recorder) Skipf(format string, args ...any) { r.Logf(format, args...); r.SkipNow() }

// SkipNow marks the recorder skipped and stops the function given to Run.
func (r *Recorder) SkipNow() { r.skipped = true; panic(stop{}) }

// Skipped reports whether a Skip method was called.
func (r *Recorder) Skipped() bool { return r.skipped }

// Cleanup registers f to run when Run returns.
func (r *Recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

// Setenv records the request; the environment is not changed.
func (r *Recorder) Setenv(key, value string) { r.Logf("setenv %s=%s", key, value) }

// TB is what the kits' helpers need of a test: *testing.T, *testing.B and
// *testing.F satisfy it, and so do *rapid.T (inside rapid.Check) and a
// Recorder. As with those, Fatalf must not return: the helpers rely on it to
// stop.
type TB interface {
	Helper()
	Logf(format string, args ...any)
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}
