// Rebuild when migrations, canned queries or seeds change: they are compiled into the binary.
fn main() {
    for dir in ["migrations", "sql", "seeds"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
