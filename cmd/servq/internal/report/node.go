package report

import "github.com/servq/servq/appraisal"

// findNode finds the explanation node of an item anywhere in a card's tree.
func findNode(items []appraisal.Node, id string) (appraisal.Node, bool) {
	for _, n := range items {
		if n.ID == id {
			return n, true
		}
		if m, ok := findNode(n.Items, id); ok {
			return m, true
		}
	}
	return appraisal.Node{}, false
}
