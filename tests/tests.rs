//! Integration tests: each runs the built binary in a temporary folder.

mod util;

mod cmd {
    mod build;
    mod check;
    mod cli;
    mod corpus;
    mod dataset;
    mod export;
    mod faults;
    mod fuzz_inputs;
    mod golden;
    mod help;
    mod interop;
    mod layering;
    mod migrate;
    mod props;
    mod query;
    mod report;
    mod search;
    mod show;
    mod spreadsheet;
    mod sql;
    mod writer;
}
