//! The simulated Google of One Tap. `GET /emulator/google/gsi/client` is a stand-in for
//! Google's script (`https://accounts.google.com/gsi/client`): it defines
//! `google.accounts.id` (`initialize`, `prompt`, `cancel`, `renderButton`,
//! `disableAutoSelect`), whose prompt is a small chooser of the emulator's known identities
//! (and a form for any other), in the page's top-right corner, as Google's is. Choosing one
//! asks `POST /emulator/google/credential` for a credential and hands it to the page's
//! callback, which submits it to `/sdk/v1/b2b/oauth/google/onetap/submit`.
//!
//! Point your app's One Tap at the stand-in instead of Google's script (the Leptos hook's
//! `UseGoogleOneTapOptions::script_url`; with the official SDK, load the stand-in yourself
//! before starting One Tap, under a `<script src="https://accounts.google.com/gsi/client"
//! data-loaded="true">` tag).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use super::extract::{JsonBody, origin};
use super::respond;
use crate::domain::App;
use crate::domain::oauth::OAuthIdentity;
use crate::error::ApiError;

/// Routes relative to `/emulator/google`.
pub fn routes() -> Router<Arc<App>> {
    Router::new()
        .route("/gsi/client", get(client_script))
        .route("/credential", post(credential))
}

/// What the stand-in asks a credential for.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct CredentialRequest {
    client_id: String,
    email: String,
    name: String,
    hosted_domain: String,
}

/// `POST /emulator/google/credential`: `{credential}`, a Google ID token for the identity.
async fn credential(
    State(app): State<Arc<App>>,
    JsonBody(body): JsonBody<CredentialRequest>,
) -> Result<Response, ApiError> {
    let identity = OAuthIdentity {
        email: body.email,
        name: body.name,
        hosted_domain: body.hosted_domain,
        tenant: String::new(),
    };
    let credential = app.with(|store, ctx| store.google_credential(ctx, &body.client_id, &identity))?;
    let mut answer = respond::common();
    answer["credential"] = json!(credential);
    answer["select_by"] = json!("user");
    Ok(respond::flat(&answer))
}

/// `GET /emulator/google/gsi/client`: the stand-in script, with this emulator's address and
/// known identities (a Workspace domain for each address outside gmail.com).
async fn client_script(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let identities: Vec<_> = app
        .with(|store, _| store.known_emails(None))
        .into_iter()
        .map(|email| {
            let domain = email.rsplit('@').next().unwrap_or_default().to_owned();
            let hosted_domain = if domain == "gmail.com" { String::new() } else { domain };
            json!({ "email": email, "hosted_domain": hosted_domain })
        })
        .collect();
    let settings = json!({ "base": origin(&headers), "identities": identities });
    let script = STAND_IN.replace("__SETTINGS__", &settings.to_string());
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            // Embeddable by any app, also one that is cross-origin isolated (COEP).
            (
                header::HeaderName::from_static("cross-origin-resource-policy"),
                "cross-origin",
            ),
        ],
        script,
    )
        .into_response()
}

/// The stand-in for Google's script; `__SETTINGS__` becomes `{base, identities}` (JSON).
const STAND_IN: &str = r#"// Stytch emulator: a stand-in for Google's One Tap script (google.accounts.id).
(function () {
  "use strict";
  var settings = __SETTINGS__;
  var config = null;
  var shown = null;

  function moment(type, reason) {
    return {
      getMomentType: function () { return type; },
      isDisplayMoment: function () { return type === "display"; },
      isDisplayed: function () { return type === "display" && reason === ""; },
      isNotDisplayed: function () { return type === "display" && reason !== ""; },
      getNotDisplayedReason: function () { return reason; },
      isSkippedMoment: function () { return type === "skipped"; },
      getSkippedReason: function () { return reason; },
      isDismissedMoment: function () { return type === "dismissed"; },
      getDismissedReason: function () { return reason; }
    };
  }

  function close(type, reason) {
    if (!shown) return;
    var listener = shown.listener;
    document.removeEventListener("click", shown.outside, true);
    shown.dialog.remove();
    shown = null;
    if (listener && type) listener(moment(type, reason));
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text) node.textContent = text;
    return node;
  }

  function choose(identity, problem) {
    problem.textContent = "";
    fetch(settings.base + "/emulator/google/credential", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: config.client_id,
        email: identity.email,
        name: identity.name || "",
        hosted_domain: identity.hosted_domain || ""
      })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.error_message || "The credential was refused.");
        var callback = config.callback;
        var clientId = config.client_id;
        close("dismissed", "credential_returned");
        if (typeof callback === "function") callback({ credential: body.credential, select_by: "user", clientId: clientId });
      });
    }).catch(function (error) { problem.textContent = error.message; });
  }

  function prompt(listener) {
    if (!config || !config.client_id) {
      if (listener) listener(moment("display", "missing_client_id"));
      return;
    }
    close(null, "");
    var dialog = element("div", {
      role: "dialog", "aria-labelledby": "emulated-one-tap-title", "data-emulated-one-tap": "",
      style: "position:fixed;top:16px;right:16px;z-index:2147483647;width:320px;background:#fff;color:#1b1b1f;" +
        "border:1px solid #c9ccd1;border-radius:8px;padding:16px;font:14px system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.2)"
    });
    dialog.appendChild(element("h2", { id: "emulated-one-tap-title", style: "font-size:16px;margin:0 0 8px" }, "Sign in with Google"));
    dialog.appendChild(element("p", { style: "margin:0 0 8px;color:#52555c" }, "Simulated by the Stytch emulator."));
    var problem = element("p", { role: "alert", style: "color:#b42318;margin:0" });
    var list = element("ul", { style: "list-style:none;padding:0;margin:0 0 8px" });
    settings.identities.forEach(function (identity) {
      var item = element("li");
      var button = element("button", { type: "button", style: "width:100%;text-align:start;margin:2px 0;padding:6px;font:inherit" }, "Continue as " + identity.email);
      button.addEventListener("click", function () { choose(identity, problem); });
      item.appendChild(button);
      list.appendChild(item);
    });
    dialog.appendChild(list);
    var form = element("form");
    var fields = [["email", "Email", "email"], ["hosted_domain", "Google Workspace domain (empty for a personal account)", "text"]];
    fields.forEach(function (field) {
      var id = "emulated-one-tap-" + field[0];
      form.appendChild(element("label", { "for": id, style: "display:block;margin-top:6px" }, field[1]));
      form.appendChild(element("input", { id: id, name: field[0], type: field[2], style: "width:100%;box-sizing:border-box;font:inherit" }));
    });
    form.appendChild(element("button", { type: "submit", style: "margin-top:8px;font:inherit" }, "Continue"));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      choose({ email: form.elements.email.value, hosted_domain: form.elements.hosted_domain.value }, problem);
    });
    dialog.appendChild(form);
    dialog.appendChild(problem);
    var dismiss = element("button", { type: "button", "aria-label": "Close", style: "position:absolute;top:8px;right:8px;font:inherit" }, "×");
    dismiss.addEventListener("click", function () { close("skipped", "user_cancel"); });
    dialog.appendChild(dismiss);
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close("skipped", "user_cancel");
    });
    var outside = function (event) {
      if (shown && !shown.dialog.contains(event.target)) close("skipped", "tap_outside");
    };
    shown = { dialog: dialog, listener: listener, outside: outside };
    document.body.appendChild(dialog);
    // After the click that opened the prompt has finished its way through the page.
    if (config.cancel_on_tap_outside !== false) {
      setTimeout(function () { if (shown && shown.dialog === dialog) document.addEventListener("click", outside, true); }, 0);
    }
    var first = dialog.querySelector("button, input");
    if (first) first.focus();
    if (listener) listener(moment("display", ""));
  }

  window.google = window.google || {};
  window.google.accounts = window.google.accounts || {};
  window.google.accounts.id = {
    initialize: function (options) { config = options || {}; },
    prompt: prompt,
    cancel: function () { close(null, ""); },
    disableAutoSelect: function () {},
    renderButton: function (parent, options) {
      var button = element("button", { type: "button" }, (options && options.text) || "Sign in with Google");
      button.addEventListener("click", function () { prompt(null); });
      parent.appendChild(button);
    }
  };
})();
"#;
