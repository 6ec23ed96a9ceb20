// Rebuild when migrations, canned queries or seeds change: they are compiled into the binary.
// Also writes the newest migration's version to OUT_DIR/schema_version.rs, so that learning it
// costs nothing at run time (refinery's runner is built only to migrate), and the embedded
// seeds' digest to OUT_DIR/seeds_digest.rs (start-up compares it with the database's).
use std::{env, fs, path::Path};

#[path = "src/seeds/digest.rs"]
#[allow(dead_code)]
mod digest;

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
    write_seeds_digest();
}

/// The digest of the seeds folder as `include_dir!` embeds it: every file under seeds/ that
/// the loader reads, in the order of their names.
fn write_seeds_digest() {
    let mut files = Vec::new();
    let mut stack = vec![Path::new("seeds").to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("the seeds folder") {
            let path = entry.expect("a seeds entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix("seeds")
                .expect("under seeds")
                .to_string_lossy()
                .replace('\\', "/");
            if digest::wanted(&rel) {
                files.push((rel, path));
            }
        }
    }
    files.sort();
    let mut d = digest::SetDigest::new();
    for (rel, path) in &files {
        let bytes = fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        d.file(rel, bytes.len() as u64);
        d.bytes(&bytes);
    }
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("seeds_digest.rs");
    fs::write(
        out,
        format!(
            "/// The digest of the seeds embedded in this binary (`digest::SetDigest`), computed by build.rs.\npub const EMBEDDED_DIGEST: &str = \"{}\";\n",
            d.finish()
        ),
    )
    .expect("writing seeds_digest.rs");
}
