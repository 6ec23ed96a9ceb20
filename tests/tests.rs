//! Integration tests: each runs the built binary in a temporary folder.

mod util;

mod cmd {
    mod build;
    mod check;
    mod corpus;
    mod dataset;
    mod faults;
    mod help;
    mod query;
    mod sql;
}
