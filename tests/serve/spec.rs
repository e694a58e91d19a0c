//! `docs/openapi.json` against the server: the same routes, and every
//! answer the tests get is one the description allows (status, content
//! type, and the JSON schema of a JSON body, checked with boon).

use super::client::{read, root, Reply, Server};
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// The description, compiled once.
pub struct Spec {
    doc: Value,
    compiled: RefCell<(boon::Compiler, boon::Schemas)>,
}

const URL: &str = "file:///edict/docs/openapi.json";

thread_local! {
    static SPEC: Rc<Spec> = Rc::new(load());
}

/// The description (one per test thread: boon's compiler stays on its thread).
pub fn spec() -> Rc<Spec> {
    SPEC.with(Rc::clone)
}

fn load() -> Spec {
    {
        let doc: Value = serde_json::from_str(&read("docs/openapi.json")).expect("docs/openapi.json is JSON");
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions();
        compiler.add_resource(URL, doc.clone()).unwrap();
        for name in ["decisions.schema.json", "facts.schema.json"] {
            let schema: Value = serde_json::from_str(&read(&format!("docs/schema/{name}"))).unwrap();
            compiler
                .add_resource(&format!("file:///edict/docs/schema/{name}"), schema)
                .unwrap();
        }
        Spec {
            doc,
            compiled: RefCell::new((compiler, boon::Schemas::new())),
        }
    }
}

/// A JSON pointer's token, escaped, then made safe in a URL fragment.
fn token(t: &str) -> String {
    t.replace('~', "~0")
        .replace('/', "~1")
        .replace('{', "%7B")
        .replace('}', "%7D")
}

impl Spec {
    /// Every (method, path) the description has.
    pub fn routes(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (path, item) in self.doc["paths"].as_object().expect("paths") {
            for method in item.as_object().expect("path item").keys() {
                if ["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                    out.push((method.to_uppercase(), path.clone()));
                }
            }
        }
        out
    }

    /// Checks that the description allows `reply` to `method template`.
    pub fn check(&self, method: &str, template: &str, reply: &Reply) {
        let operation = &self.doc["paths"][template][method.to_lowercase()];
        assert!(operation.is_object(), "{method} {template} is not in docs/openapi.json");
        let status = reply.status.to_string();
        let (key, response) = match operation["responses"].get(&status) {
            Some(r) => (status.clone(), r),
            None => (
                "default".to_string(),
                operation["responses"]
                    .get("default")
                    .unwrap_or_else(|| panic!("{method} {template}: status {status} is not described")),
            ),
        };
        let response = self.resolve(response);
        let content_type = reply.header("content-type").unwrap_or_default();
        let media = content_type.split(';').next().unwrap_or_default().trim();
        let Some(content) = response["content"].get(media) else {
            panic!("{method} {template} {status}: content type {content_type} is not described")
        };
        if media != "application/json" || content.get("schema").is_none() {
            return;
        }
        let pointer = format!(
            "{URL}#/paths/{}/{}/responses/{}/content/{}/schema",
            token(template),
            method.to_lowercase(),
            key,
            token(media)
        );
        let pointer = match response_ref(operation, &key) {
            // A response described once under components, by reference.
            Some(r) => format!(
                "{URL}{}/content/{}/schema",
                r.replace('{', "%7B").replace('}', "%7D"),
                token(media)
            ),
            None => pointer,
        };
        let mut guard = self.compiled.borrow_mut();
        let (compiler, schemas) = &mut *guard;
        let index = compiler
            .compile(&pointer, schemas)
            .unwrap_or_else(|e| panic!("{pointer} does not compile: {e:#}"));
        if let Err(e) = schemas.validate(&reply.json(), index) {
            panic!(
                "{method} {template} {status}: the answer does not fit docs/openapi.json: {e:#}\n{}",
                reply.text()
            );
        }
    }

    fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => self
                .doc
                .pointer(r.trim_start_matches('#'))
                .expect("a $ref that resolves"),
            None => v,
        }
    }
}

fn response_ref<'a>(operation: &'a Value, key: &str) -> Option<&'a str> {
    operation["responses"][key].get("$ref").and_then(Value::as_str)
}

/// A request and the route template it is for, checked against the spec.
pub fn checked(server: &Server, method: &str, path: &str, template: &str, body: &[u8]) -> Reply {
    let reply = server.request(method, path, body);
    spec().check(method, template, &reply);
    reply
}

#[test]
fn the_description_and_the_router_have_the_same_routes() {
    let mut described = spec().routes();
    described.sort();
    let mut routed: Vec<(String, String)> = edict::serve::routes()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    routed.sort();
    assert_eq!(described, routed);
    // And the server answers each as described: not the fallback's 404 "no
    // such endpoint", nor 405 for a method it does not route.
    let server = Server::start(&["--watch", "0"], root());
    for (method, path) in spec().routes() {
        let concrete = path.replace("{id}", "cn-mofcom-2025-61");
        let body = if method == "POST" {
            read("examples/servo-motors/facts.json")
        } else {
            String::new()
        };
        let reply = server.request(&method, &concrete, body.as_bytes());
        assert_ne!(reply.status, 405, "{method} {path}");
        assert!(
            !(reply.status == 404 && reply.text().contains("no such endpoint")),
            "{method} {path} is not routed"
        );
        spec().check(&method, &path, &reply);
    }
    // The description served is the one in the repository.
    let served = server.get("/openapi.json");
    assert_eq!(served.text(), read("docs/openapi.json"));
}
