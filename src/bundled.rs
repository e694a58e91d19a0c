//! The policy library shipped with edict (`policies/`), embedded at build time.

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The bundled policies as a source map, named `policies/<file>`.
pub fn sources() -> crate::source::SourceMap {
    let mut map = crate::source::SourceMap::new();
    for (name, text) in BUNDLED {
        map.add(format!("policies/{name}"), *text);
    }
    map
}
