//! The checks that belong to one seed table alone, after the checks every column gets from
//! its spec (`spec.rs`: required, id, reference, vocabulary, form, number, date, evidence). Each is
//! named in its table's `SeedFile`. `sources` holds the texts every fact rests on; `facts`
//! the fact tables.

pub(super) mod facts;
pub(super) mod sources;

use super::{Cited, Loader, Row, Table, Values};

/// A table's own checks of one row, after the generic ones (and after its evidence, whose
/// excerpt ids it gets): may set computed values; `false` drops the row (it is not inserted).
pub(crate) type Check = for<'a, 'h> fn(
    &mut Loader<'a>,
    &Row<'h>,
    &mut Values<'h>,
    &[Cited<'h>],
) -> rusqlite::Result<bool>;

/// A table's checks over all its rows, once they are in.
pub(crate) type After = for<'a> fn(&mut Loader<'a>, &mut Table<'a>) -> rusqlite::Result<()>;
