//! Why this page is or is not cross-origin isolated, and what to tell the visitor.
//!
//! `www/isolation.js` runs before the app and records what it found in
//! `window.interleaveIsolation.state`: the service worker in `www/sw.js` can add the isolation
//! headers on hosts that cannot send them (GitHub Pages), at the cost of one reload, but not
//! everywhere. Each state here names one such case; the sentence for it says what is missing
//! and how to get it.

/// What `www/isolation.js` found, before the app started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Isolation {
    /// `crossOriginIsolated` is true: from the server's headers or the service worker's.
    Isolated,
    /// The service worker is being installed; the page reloads once to be served through it.
    Reloading,
    /// Plain http on a host that is not localhost: no service worker, no shared memory.
    Insecure,
    /// The browser offers no service worker here, as in a Firefox private window.
    NoServiceWorker,
    /// Isolation headers were served, but the page embedding this one is not isolated (or
    /// its iframe lacks `allow="cross-origin-isolated"`), so this frame cannot be.
    Embedded,
    /// The browser refused to register the service worker (blocked site data, some private
    /// modes, a policy): nothing could add the headers.
    WorkerRefused,
    /// The page reloaded to be served through the service worker, but this load did not go
    /// through it (a hard reload skips service workers).
    Bypassed,
    /// The service worker is ready, but the page could not mark its own reload in its history
    /// entry, so it did not reload (unmarked, a page the worker cannot isolate would reload for
    /// ever).
    NoReload,
    /// The worker served this load and the browser still did not isolate it; or (the app's
    /// own limit) the worker did not take over within a few seconds.
    Refused,
    /// The script did not run (an old cached page), or reported something unknown.
    #[default]
    Unknown,
}

impl Isolation {
    pub fn parse(state: &str) -> Self {
        match state {
            "isolated" => Self::Isolated,
            "reloading" => Self::Reloading,
            "insecure" => Self::Insecure,
            "no-service-worker" => Self::NoServiceWorker,
            "embedded" => Self::Embedded,
            "worker-refused" => Self::WorkerRefused,
            "bypassed" => Self::Bypassed,
            "no-reload" => Self::NoReload,
            "refused" => Self::Refused,
            _ => Self::Unknown,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Isolated => "isolated",
            Self::Reloading => "reloading",
            Self::Insecure => "insecure",
            Self::NoServiceWorker => "no-service-worker",
            Self::Embedded => "embedded",
            Self::WorkerRefused => "worker-refused",
            Self::Bypassed => "bypassed",
            Self::NoReload => "no-reload",
            Self::Refused => "refused",
            Self::Unknown => "unknown",
        }
    }
}

/// Whether this page can give its workers shared memory, tested by `www/isolation.js` as the
/// pool uses it: a shared WebAssembly memory, made and posted to a worker's port. The global
/// `SharedArrayBuffer` says less: WebKitGTK, isolated, makes such memory without one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SharedMemory {
    Yes,
    /// No shared WebAssembly memory can be made here.
    NoMemory,
    /// Shared memory can be made but not posted to a worker: the page is not isolated, or the
    /// browser has SharedArrayBuffer switched off (WebKitGTK does; Safari does not).
    NoTransfer,
    /// The script did not run (an old cached page), or reported something unknown.
    #[default]
    Unknown,
}

impl SharedMemory {
    pub fn parse(state: &str) -> Self {
        match state {
            "yes" => Self::Yes,
            "no-memory" => Self::NoMemory,
            "no-transfer" => Self::NoTransfer,
            _ => Self::Unknown,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::NoMemory => "no-memory",
            Self::NoTransfer => "no-transfer",
            Self::Unknown => "unknown",
        }
    }
}

/// What the worker modes need of the browser, as `www/isolation.js` found it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Capabilities {
    pub shared_memory: SharedMemory,
    /// Whether `new Worker(url, { type: 'module' })` is understood: the pool's workers and every
    /// process are module workers.
    pub module_workers: bool,
}

impl Capabilities {
    /// Everything the worker modes use.
    pub const ALL: Capabilities = Capabilities {
        shared_memory: SharedMemory::Yes,
        module_workers: true,
    };
}

/// The two headers, as a host's configuration would spell them.
pub const HEADERS: &str =
    "Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp";

/// Why the worker pool cannot start here, in a sentence or two with the way to get it; `None`
/// when it can. `host` is the page's host, for the insecure case.
pub fn explain(isolation: Isolation, can: Capabilities, host: &str) -> Option<String> {
    if !can.module_workers {
        return Some(
            "This browser cannot start module workers, which the worker pool and every process \
             are, so only the cooperative mode runs here. A current Chrome, Firefox or Safari \
             runs every mode."
                .into(),
        );
    }
    if can.shared_memory == SharedMemory::Yes {
        return None;
    }
    if can.shared_memory == SharedMemory::NoTransfer && isolation == Isolation::Isolated {
        return Some(NO_TRANSFER.into());
    }
    Some(match isolation {
        Isolation::Isolated | Isolation::Unknown => format!(
            "This page is not cross-origin isolated, so it has no SharedArrayBuffer. Serve it \
             with the headers {HEADERS} (bash scripts/serve.sh does)."
        ),
        Isolation::Reloading => {
            "Reloading once so the service worker can make this page cross-origin isolated…".into()
        }
        Isolation::Insecure => format!(
            "This page came over plain http from {host}, and browsers give shared memory and \
             service workers only to https pages and localhost. Open it over https (or from \
             localhost), or serve it with the headers {HEADERS}."
        ),
        Isolation::NoServiceWorker => format!(
            "This browser offers no service worker here (a Firefox private window does not), \
             so the page cannot add the isolation headers itself. Use a normal window, or a \
             host that sends {HEADERS}."
        ),
        Isolation::Embedded => "The page embedding this one is not cross-origin isolated, so \
             this frame cannot be: it needs the two isolation headers on the embedding page and \
             allow=\"cross-origin-isolated\" on the iframe. Open the full page for threads."
            .into(),
        Isolation::WorkerRefused => format!(
            "This browser refused the service worker that would add the isolation headers \
             (browsers do when a site's data is blocked, in some private modes, or by policy), \
             so the page cannot isolate itself. Open it in a normal window or allow this site's \
             data, or use a host that sends {HEADERS} itself."
        ),
        Isolation::Bypassed => format!(
            "This load skipped the service worker that adds the isolation headers (a hard \
             reload does), so the page is not isolated. Reload it normally, or use a host that \
             sends {HEADERS}."
        ),
        Isolation::NoReload => format!(
            "The service worker that adds the isolation headers is ready, but this page could \
             not mark its own reload, so it did not reload by itself (it might never stop). \
             Reload the page once, or use a host that sends {HEADERS}."
        ),
        Isolation::Refused => format!(
            "The service worker that adds the isolation headers did not get this page \
             isolated: the browser ignored the headers it added, or did not let it take over \
             within a few seconds. A host that sends {HEADERS} itself avoids the service worker."
        ),
    })
}

/// An isolated page whose browser makes shared memory but will not post it to a worker.
const NO_TRANSFER: &str = "This page is cross-origin isolated, but this browser will not hand \
     shared memory to a worker: it has SharedArrayBuffer switched off (WebKitGTK does; Safari, \
     Chrome and Firefox do not), so the worker pool cannot start. Processes share no memory and \
     still run.";

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Isolation; 10] = [
        Isolation::Isolated,
        Isolation::Reloading,
        Isolation::Insecure,
        Isolation::NoServiceWorker,
        Isolation::Embedded,
        Isolation::WorkerRefused,
        Isolation::Bypassed,
        Isolation::NoReload,
        Isolation::Refused,
        Isolation::Unknown,
    ];

    /// A page without shared memory.
    const NONE: Capabilities = Capabilities {
        shared_memory: SharedMemory::NoMemory,
        module_workers: true,
    };

    #[test]
    fn keys_round_trip() {
        for i in ALL {
            assert_eq!(Isolation::parse(i.key()), i);
        }
        assert_eq!(Isolation::parse("<script>"), Isolation::Unknown);
    }

    #[test]
    fn only_a_page_without_shared_memory_gets_an_explanation() {
        assert_eq!(explain(Isolation::Isolated, Capabilities::ALL, "x"), None);
        assert_eq!(explain(Isolation::Unknown, Capabilities::ALL, "x"), None);
        for i in ALL {
            assert!(explain(i, NONE, "x").is_some(), "{i:?}");
        }
    }

    #[test]
    fn each_case_says_how_to_get_isolation() {
        let insecure = explain(Isolation::Insecure, NONE, "192.168.1.5:8080").unwrap();
        assert!(insecure.contains("192.168.1.5:8080") && insecure.contains("https"));
        assert!(explain(Isolation::NoServiceWorker, NONE, "h")
            .unwrap()
            .contains("private window"));
        assert!(explain(Isolation::Embedded, NONE, "h")
            .unwrap()
            .contains("allow=\"cross-origin-isolated\""));
        for i in ALL.into_iter().filter(|i| {
            !matches!(
                i,
                Isolation::Reloading | Isolation::Embedded | Isolation::Insecure
            )
        }) {
            assert!(explain(i, NONE, "h").unwrap().contains(HEADERS), "{i:?}");
        }
    }

    #[test]
    fn each_case_says_what_happened_and_nothing_that_did_not() {
        let say = |i| explain(i, NONE, "h").unwrap();
        // Only where the worker may have served the page does the sentence say it added the
        // headers; everywhere else it never did.
        for i in ALL.into_iter().filter(|i| *i != Isolation::Refused) {
            assert!(!say(i).contains("headers it added"), "{i:?}: {}", say(i));
        }
        let refused = say(Isolation::WorkerRefused);
        assert!(
            refused.starts_with("This browser refused the service worker"),
            "{refused}"
        );
        assert!(refused.contains("normal window"), "{refused}");
        assert!(say(Isolation::Bypassed).contains("hard reload"));
        assert!(say(Isolation::NoReload).contains("Reload the page once"));
        assert!(say(Isolation::Refused).contains("ignored the headers it added"));
        assert!(say(Isolation::Reloading).starts_with("Reloading once"));
        // Every sentence is distinct: no two states read alike.
        let mut all: Vec<String> = ALL.into_iter().map(say).collect();
        all.sort();
        all.dedup();
        assert_eq!(
            all.len(),
            ALL.len() - 1,
            "Isolated and Unknown share the generic one"
        );
    }

    #[test]
    fn an_isolated_page_that_cannot_post_shared_memory_says_so_and_what_still_runs() {
        let no_transfer = Capabilities {
            shared_memory: SharedMemory::NoTransfer,
            module_workers: true,
        };
        let said = explain(Isolation::Isolated, no_transfer, "h").unwrap();
        assert!(
            said.starts_with("This page is cross-origin isolated"),
            "{said}"
        );
        assert!(said.contains("Processes share no memory"), "{said}");
        // Not isolated, the same capability is the usual missing isolation.
        let plain = explain(Isolation::Embedded, no_transfer, "h").unwrap();
        assert!(plain.contains("allow=\"cross-origin-isolated\""), "{plain}");
        for m in ["yes", "no-memory", "no-transfer", "unknown"] {
            assert_eq!(SharedMemory::parse(m).key(), m);
        }
    }

    #[test]
    fn without_module_workers_only_the_cooperative_mode_runs() {
        let no_modules = Capabilities {
            module_workers: false,
            ..Capabilities::ALL
        };
        let said = explain(Isolation::Isolated, no_modules, "h").unwrap();
        assert!(said.contains("module workers") && said.contains("only the cooperative"));
    }
}
