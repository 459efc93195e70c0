// Package calendar compares the business-time arithmetic of
// github.com/servq/servq/sla with github.com/rickar/cal/v2 (pinned at
// v2.1.26, the first version that counts 24-hour days right), on the same
// calendar and in the same run:
//
//	go test -run '^$' -bench . -count 10 ./calendar | tee new.txt
//	benchstat new.txt
//
// rickar/cal allows one interval per day, so the shared calendar is
// Monday to Friday 08:30–17:30 in Asia/Shanghai without holidays; servq also
// runs the Chinese office of 2025 (08:30–12:00, 13:30–17:30, with the State
// Council's holidays and make-up working days), which rickar/cal cannot
// express. rickar/cal runs with its holiday cache on (Cacheable).
//
// TestSameAnswers checks that both libraries agree on the shared calendar
// before their speed is compared.
package calendar
