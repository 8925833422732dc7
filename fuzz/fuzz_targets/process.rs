//! The process messages (request and reply): any text is a message or an error, and a message
//! encodes as text that decodes to it exactly. Floats are compared as their encoding, which
//! carries their bits, so NaN counts as equal to itself.
#![no_main]

use interleave_core::run::process::{ProcessReply, ProcessRequest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(request) = ProcessRequest::decode(text) {
        let encoded = request.encode();
        let again = ProcessRequest::decode(&encoded).map(|r| r.encode());
        assert_eq!(again.as_deref(), Ok(encoded.as_str()));
    }
    if let Ok(reply) = ProcessReply::decode(text) {
        let encoded = reply.encode();
        let again = ProcessReply::decode(&encoded).map(|r| r.encode());
        assert_eq!(again.as_deref(), Ok(encoded.as_str()));
    }
});
