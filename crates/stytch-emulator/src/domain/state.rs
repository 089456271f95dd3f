//! The emulator's data as one JSON document, to export (`GET /emulator/v1/state`, or
//! `--export-on-exit` when the process stops) and import (`PUT /emulator/v1/state`, or
//! `--import` at start): fixtures a suite commits, or a development session that survives a
//! restart. The document carries the signing key, so the JWTs it issued still verify, and
//! the clock offset, so what had expired stays expired.

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::jwt::Signer;
use super::store::Store;
use super::{App, lock};

/// The `format` every snapshot names; another value is refused rather than half read.
pub const FORMAT: &str = "stytch-emulator-state/1";

/// Everything the emulator knows except its configuration (tokens, secret, redirect URLs,
/// RBAC policy and switches come from the command line of the emulator that imports it).
///
/// ```
/// use stytch_emulator::{EmulatorConfig, Seed, spawn};
///
/// let source = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
/// let snapshot = source.app().export();
/// // Another emulator of the same project continues from it (sessions, members, outbox).
/// let copy = spawn(EmulatorConfig::for_tests()).unwrap();
/// copy.app().import(snapshot.clone()).unwrap();
/// assert_eq!(copy.app().with(|store, _| store.members.len()), snapshot.store.members.len());
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Snapshot {
    /// The format of this emulator version's snapshots; an import refuses any other.
    pub format: String,
    /// The project the data belongs to: session JWTs name it as audience and issuer.
    pub project_id: String,
    /// The emulator clock's offset from wall time.
    pub clock_offset_seconds: i64,
    /// The key that signed the session JWTs.
    pub signing_key: SigningKey,
    /// Organizations, members, sessions, pending codes and links, the outbox.
    pub store: Store,
}

/// An exported JWT signing key.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SigningKey {
    /// The JWKS `kid`.
    pub kid: String,
    /// The RSA private key, PKCS#1 DER in standard base64.
    pub pkcs1_der: String,
}

impl App {
    /// The current state as a [`Snapshot`].
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, spawn};
    /// let emulator = spawn(EmulatorConfig::for_tests()).unwrap();
    /// let snapshot = emulator.app().export();
    /// assert_eq!(snapshot.project_id, stytch_emulator::DEFAULT_PROJECT_ID);
    /// // It is JSON, as `GET /emulator/v1/state` answers.
    /// let text = serde_json::to_string(&snapshot).unwrap();
    /// assert!(text.contains("signing_key"));
    /// ```
    pub fn export(&self) -> Snapshot {
        let store = lock(&self.store).clone();
        let signer = self.signer();
        Snapshot {
            format: FORMAT.to_owned(),
            project_id: store.project.project_id.clone(),
            clock_offset_seconds: self.clock.offset_seconds(),
            signing_key: SigningKey {
                kid: signer.kid().to_owned(),
                pkcs1_der: base64::engine::general_purpose::STANDARD.encode(signer.pkcs1_der()),
            },
            store,
        }
    }

    /// Replaces the state with `snapshot`, which also becomes what [`App::reset`] returns to;
    /// faults and request counts are cleared. Nothing changes when the snapshot is refused: a
    /// different format, another project, or an unreadable key.
    ///
    /// ```
    /// use stytch_emulator::{EmulatorConfig, Seed, spawn};
    /// let demo = spawn(EmulatorConfig { seed: Seed::Demo, ..EmulatorConfig::for_tests() }).unwrap();
    /// let mut snapshot = demo.app().export();
    /// let empty = spawn(EmulatorConfig::for_tests()).unwrap();
    /// empty.app().import(snapshot.clone()).unwrap();
    /// // Another project's state is refused, and nothing changes.
    /// snapshot.project_id = "project-test-someone-else".into();
    /// assert!(empty.app().import(snapshot).is_err());
    /// ```
    pub fn import(&self, snapshot: Snapshot) -> Result<(), String> {
        if snapshot.format != FORMAT {
            return Err(format!(
                "format {:?} is not {FORMAT:?}; export the state again from this emulator version",
                snapshot.format
            ));
        }
        let der = base64::engine::general_purpose::STANDARD
            .decode(snapshot.signing_key.pkcs1_der.as_bytes())
            .map_err(|_| "signing_key.pkcs1_der is not base64".to_owned())?;
        let signer = Signer::from_pkcs1_der(snapshot.signing_key.kid, &der)?;
        // The project (its policy and switches) is configuration: the one the emulator started
        // with, whatever a test set at run time.
        let project = lock(&self.initial).0.project.clone();
        let mut store = lock(&self.store);
        if snapshot.project_id != store.project.project_id {
            return Err(format!(
                "the state belongs to project {}; start the emulator with --project-id {}",
                snapshot.project_id, snapshot.project_id
            ));
        }
        let mut imported = snapshot.store;
        imported.project = project;
        *lock(&self.initial) = (imported.clone(), snapshot.clock_offset_seconds);
        *store = imported;
        *self.signer.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = std::sync::Arc::new(signer);
        *lock(&self.faults) = super::faults::Faults::default();
        self.clock.set_offset_seconds(snapshot.clock_offset_seconds);
        Ok(())
    }
}
