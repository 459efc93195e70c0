module github.com/servq/servq/bench

go 1.24

replace github.com/servq/servq => ../

require github.com/servq/servq v0.0.0-00010101000000-000000000000

require (
	cel.dev/cel-go v0.33.2 // indirect
	github.com/expr-lang/expr v1.17.8 // indirect
	github.com/rickar/cal/v2 v2.1.26 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
)
