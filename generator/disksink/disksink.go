// Package disksink opens what a build to disk writes through, outermost
// first:
//
//   - a record of every file written (package offline), for the service
//     worker, when Options.Record is set;
//   - the compressed forms its policy plans beside each file (package
//     precompress), when Options.Precompress is set; inside the record, so
//     that the worker lists the site's own files, never their .br and .gz
//     forms;
//   - a staging folder beside the output folder (package output), swapped
//     in by Commit, discarded by Abort.
//
// Options.Stage is handed the staging folder before anything is written.
package disksink

import (
	"ketref/generator/offline"
	"ketref/generator/output"
	"ketref/generator/precompress"
)

// Stager is the part of the staging folder that Options.Stage may touch.
type Stager interface {
	FailWritesWith(error)
}

// Options say where a build writes and what is added on the way.
type Options struct {
	// Out is the output folder; Output says which folders it may be.
	Out    string
	Output output.Options
	// Stage, when set, is called with the staging folder before anything
	// is written; tests use it to simulate failing disks.
	Stage func(Stager)
	// Precompress, when set, writes NAME.br and NAME.gz beside the files
	// its Mode plans forms for.
	Precompress *precompress.Policy
	// Record, when set, records every file written but the forms.
	Record *offline.Record
}

// Open begins a staging folder for o.Out (see output.Begin) and returns
// the Sink to write the build through.
func Open(o Options) (output.Sink, error) {
	st, err := output.Begin(o.Out, o.Output)
	if err != nil {
		return nil, err
	}
	if o.Stage != nil {
		o.Stage(st)
	}
	var out output.Sink = st
	if o.Precompress != nil {
		out = precompress.NewSink(st, *o.Precompress)
	}
	if o.Record != nil {
		out = offline.Recording(out, o.Record)
	}
	return out, nil
}
