//! Every email and SMS the emulator "sends", for people (the inbox page) and programs
//! (`GET /emulator/v1/messages`).

use serde::Serialize;

/// One delivered message. Fields that do not apply to the channel are null.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Message {
    /// Recipient email or phone.
    pub to: String,
    /// `email` or `sms`.
    pub channel: String,
    /// Email subject.
    pub subject: Option<String>,
    /// Text body.
    pub body: String,
    /// The link to click, for magic links.
    pub link: Option<String>,
    /// The token inside the link.
    pub token: Option<String>,
    /// One-time code, for OTPs.
    pub code: Option<String>,
    /// RFC 3339 time of sending.
    pub created_at: String,
}
