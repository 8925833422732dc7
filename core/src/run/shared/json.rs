//! The shared state of a mode's run in the published JSON.

use super::{LockUse, SharedOutcome, SharedVar};
use crate::codec::json::{self, ToJson};

impl ToJson for SharedOutcome {
    fn write_json(&self, out: &mut String) {
        json::object(out, |o| {
            o.field("vars", &self.vars).field("locks", &self.locks);
            if let Some(d) = &self.deadlock {
                let name = |i: u8| self.locks.get(usize::from(i)).map_or("?", |l| &l.name);
                json::object(o.key("deadlock"), |dl| {
                    json::array(dl.key("cycle"), |cycle| {
                        for e in &d.cycle {
                            json::object(cycle.next_item(), |edge| {
                                edge.field("task", &e.task)
                                    .field("holds", name(e.holds))
                                    .field("wants", name(e.wants))
                                    .field("held_from_ms", &e.held_from_ms)
                                    .field("waits_from_ms", &e.waits_from_ms);
                            });
                        }
                    });
                    dl.field("formed_ms", &d.formed_ms())
                        .field("at_ms", &d.at_ms);
                    if let Some(sentence) = self.deadlock_sentence() {
                        dl.field("sentence", sentence.as_str());
                    }
                });
            }
        });
    }
}

impl ToJson for SharedVar {
    fn write_json(&self, out: &mut String) {
        json::object(out, |o| {
            o.field("name", self.name.as_str())
                .field("expected", &self.expected)
                .field("value", &self.value)
                .field("lost", &self.lost());
            if self.summed.is_some() {
                o.field("seen_by_tasks", &self.seen_by_tasks)
                    .field("summed_by_message", &self.summed);
            }
        });
    }
}

impl ToJson for LockUse {
    fn write_json(&self, out: &mut String) {
        let s = &self.stat;
        json::object(out, |o| {
            o.field("name", self.name.as_str())
                .field("acquisitions", &s.acquisitions)
                .field("waits", &s.waits)
                .field("wait_ms", &s.wait_ms)
                .field("longest_wait_ms", &s.longest_wait_ms)
                .field("held_ms", &s.held_ms);
        });
    }
}
