//! Compiles the generated parser (`src/parser.c`, committed, so that no
//! tree-sitter command line is needed to build this crate).

fn main() {
    let src = std::path::Path::new("src");
    cc::Build::new()
        .std("c11")
        .include(src)
        .file(src.join("parser.c"))
        // The generated tables trip warnings that are no fault of the grammar.
        .warnings(false)
        .compile("tree-sitter-edict");
    println!("cargo:rerun-if-changed=src/parser.c");
    println!("cargo:rerun-if-changed=src/tree_sitter/parser.h");
}
