//! Integration tests: each runs the built binary in a temporary folder.

mod util;

mod cmd {
    mod build;
    mod check;
    mod dataset;
    mod export;
    mod help;
    mod interop;
    mod query;
    mod report;
    mod sql;
}
