//! The costs table in the result JSON: `costs.rows[]`, each with its cells by unit.

use super::{course_word, reference, Cell, Costs, Figure};
use crate::codec::json::{self, ToJson};

impl ToJson for Costs {
    fn write_json(&self, out: &mut String) {
        json::object(out, |o| {
            o.field("reference", reference::SOURCE);
            json::array(o.key("rows"), |rows| {
                for (row, cells) in self.rows() {
                    json::object(rows.next_item(), |r| {
                        r.field("row", row.key());
                        json::object(r.key("cells"), |by_unit| {
                            for (unit, cell) in cells {
                                json::object(by_unit.key(unit.key()), |c| {
                                    c.field("course", course_word(row, unit));
                                    if let Some(s) = self.sentence(row, unit) {
                                        c.field("sentence", s.as_str());
                                    }
                                    if let Some(py) = reference::cpython(row, unit) {
                                        c.field("cpython", py);
                                    }
                                    match cell {
                                        Some(Cell::Measured(figures)) => {
                                            c.field("figures", figures.as_slice());
                                        }
                                        Some(Cell::Missing(why)) => {
                                            c.field("missing", why.as_str());
                                        }
                                        None => {
                                            c.field("missing", "not measured in this run");
                                        }
                                    }
                                });
                            }
                        });
                    });
                }
            });
        });
    }
}

impl ToJson for Figure {
    fn write_json(&self, out: &mut String) {
        let s = &self.stat;
        json::object(out, |o| {
            o.field("what", self.what.as_str())
                .field("unit", self.quantity.key())
                .field("median", &s.median)
                .field("min", &s.min)
                .field("max", &s.max)
                .field("count", &s.count)
                .field("includes", self.includes.as_str());
        });
    }
}
