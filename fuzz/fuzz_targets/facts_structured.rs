//! Structured facts (a small world drawn from the vocabulary the bundled
//! law reads) decided against the bundled law. Each shipment decided in a
//! file of its own has the decision it has in the batch; explain and the
//! timeline agree with each decision.
#![no_main]
use edict_fuzz::world::World;
use libfuzzer_sys::fuzz_target;

fn decisions(json: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["decisions"].as_array().cloned().unwrap_or_default()
}

fuzz_target!(|world: World| {
    edict_fuzz::with_bundled(|law| {
        let Some(batch) = edict_fuzz::decide_and_cross_check(law, &world.0) else {
            return;
        };
        let batch = decisions(&batch);
        for i in 0..world.shipments() {
            let alone = edict_fuzz::decide_and_cross_check(law, &world.only_shipment(i))
                .expect("a shipment of a file that loads loads alone");
            assert_eq!(
                decisions(&alone),
                vec![batch[i].clone()],
                "shipment {i} decided alone differs from the batch"
            );
        }
    });
});
