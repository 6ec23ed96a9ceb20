// Rebuild when migrations, canned queries or seeds change: they are compiled into the binary.
// Also writes the newest migration's version to OUT_DIR/schema_version.rs, so that learning it
// costs nothing at run time (refinery's runner is built only to migrate).
use std::{env, fs, path::Path};

fn main() {
    for dir in ["migrations", "sql", "seeds"] {
        println!("cargo:rerun-if-changed={dir}");
    }
    let mut latest = 0u32;
    for entry in fs::read_dir("migrations").expect("the migrations folder") {
        let name = entry.expect("a migrations entry").file_name();
        let name = name.to_string_lossy();
        // refinery's file names: V{version}__{name}.sql
        let Some(version) = name
            .strip_prefix('V')
            .and_then(|rest| rest.split_once("__"))
            .filter(|(_, tail)| tail.ends_with(".sql"))
            .map(|(v, _)| v)
        else {
            continue;
        };
        let version: u32 = version
            .parse()
            .unwrap_or_else(|_| panic!("migrations/{name}: the version is not a number"));
        latest = latest.max(version);
    }
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("schema_version.rs");
    fs::write(
        out,
        format!("/// The newest schema version this binary knows (its newest migration).\npub const SCHEMA_VERSION: i32 = {latest};\n"),
    )
    .expect("writing schema_version.rs");
}
