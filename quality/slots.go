package quality

import (
	"github.com/expr-lang/expr/vm"
)

// Facts in machine slots.
//
// expr compiles a name read from a map environment to OpLoadFast, a map
// lookup, each time the name occurs. A rule already looks every fact up once
// to check its Go type, so the lookups are done twice. patchLoads rewrites
// each OpLoadFast of the compiled program into OpLoadVar, which reads one of
// the virtual machine's variable slots, and the rule puts each checked fact
// into its slot before running: one lookup per fact, however often the rule
// names it, and none for struct facts.
//
// The rewrite relies on two properties of expr's virtual machine: OpLoadVar
// pushes vm.Variables[arg], and VM.Run keeps a Variables slice that is long
// enough for the program. slotsWork checks both once, on a probe program;
// should a future expr differ, rules fall back to map lookups.

var slotsWork = probeSlots()

// patchLoads rewrites the fact loads of program into slot loads when
// slotsWork, and returns whether it did and how many slots a machine needs:
// the program's own variables (from let), then one per fact.
func patchLoads(program *vm.Program, facts []factRef) (slotted bool, nvars int) {
	if !slotsWork {
		return false, letVariables(program)
	}
	return patchProgram(program, facts)
}

// letVariables returns how many variables the program's let declarations use.
func letVariables(program *vm.Program) int {
	lets := 0
	for i, op := range program.Bytecode {
		if op == vm.OpStore || op == vm.OpLoadVar {
			lets = max(lets, program.Arguments[i]+1)
		}
	}
	return lets
}

func patchProgram(program *vm.Program, facts []factRef) (slotted bool, nvars int) {
	lets := letVariables(program)
	index := make(map[string]int, len(facts))
	for i, f := range facts {
		index[f.name] = i
	}
	// Check every load first, so that the program is left alone if one is
	// not a fact.
	for i, op := range program.Bytecode {
		if op != vm.OpLoadFast {
			continue
		}
		name, ok := program.Constants[program.Arguments[i]].(string)
		if _, isFact := index[name]; !ok || !isFact {
			return false, lets
		}
	}
	for i, op := range program.Bytecode {
		if op == vm.OpLoadFast {
			program.Bytecode[i] = vm.OpLoadVar
			program.Arguments[i] = lets + index[program.Constants[program.Arguments[i]].(string)]
		}
	}
	return true, lets + len(facts)
}

// probeSlots compiles a rule that reads one fact, patches it, and runs it
// with the fact in its slot.
func probeSlots() bool {
	s := &Schema{index: map[string]int{}}
	if err := s.add([]Field{{Name: "x", Kind: KindInt}}); err != nil {
		return false
	}
	program, err := build("x", s, value{node: ident(fileLocation{}, "x"), t: tInt})
	if err != nil {
		return false
	}
	if ok, n := patchProgram(program, []factRef{{name: "x", kind: KindInt}}); !ok || n != 1 {
		return false
	}
	var machine vm.VM
	machine.Variables = []any{42}
	out, err := machine.Run(program, nil)
	return err == nil && out == 42
}
