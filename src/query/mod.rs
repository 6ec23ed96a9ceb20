//! Queries: `canned` reads the canned queries (`sql/*.sql` with a header) and binds their
//! parameters, `exec` opens the database for queries and streams any query's rows into an
//! output sink, `interrupt` is Ctrl-C, `lookup` resolves what a person types to an id.

pub mod canned;
pub mod exec;
pub mod interrupt;
pub mod lookup;

pub use canned::{
    Allowed, Canned, Param, ParamType, catalog, find, infer, parse_canned, split_param,
};
pub use exec::{execute, explain_error, open, parameter_names, run_canned, stream};
