//! What a local server must refuse, checked before any handler runs, and the
//! security headers added to every response (DESIGN.md, "The local server").
//!
//! - DNS rebinding: a page on another site can make the browser send requests
//!   to 127.0.0.1 under its own host name, so only `Host: 127.0.0.1:PORT`,
//!   `localhost:PORT` and `[::1]:PORT` are answered (403 otherwise). Bound
//!   beyond loopback, the host cannot be known, and a random token printed at
//!   start-up is required instead.
//! - Cross-site requests: a `POST` must say `Content-Type: application/json`
//!   (415 otherwise: a plain HTML form or a `text/plain` fetch cannot), must
//!   carry no `Origin` but the server's own, and must not be marked
//!   cross-site or same-site by `Sec-Fetch-Site` (403). Other sites' scripts
//!   cannot fetch anything either (`Sec-Fetch-Site` again, only navigation is
//!   let through). No CORS headers are ever sent.

use super::api::ApiError;
use super::App;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::sync::Arc;

/// The cookie that carries the token once a page was opened with it.
const TOKEN_COOKIE: &str = "markpoint_token";

/// The Content-Security-Policy of every response: nothing but this server's
/// own files, no inline scripts or styles, no framing.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What a request must show to be answered.
#[derive(Debug, Clone)]
pub struct Policy {
    /// `Host` values answered (loopback names with the port), lower case.
    hosts: Vec<String>,
    /// The token required when listening beyond loopback.
    token: Option<String>,
}

impl Policy {
    /// The policy of a server on `port`; with a token when it listens beyond loopback.
    pub fn new(port: u16, token: Option<String>) -> Policy {
        Policy {
            hosts: ["127.0.0.1", "localhost", "[::1]"]
                .iter()
                .map(|host| format!("{host}:{port}"))
                .collect(),
            token,
        }
    }

    /// The address to open: the listening address, with the token if there is one.
    pub fn start_url(&self, address: SocketAddr) -> String {
        match &self.token {
            Some(token) => format!("http://{address}/?token={token}"),
            None => format!("http://{address}/"),
        }
    }

    /// Why a request is refused, or `None` when it may be answered.
    pub fn refusal(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> Option<ApiError> {
        let host = text(headers, header::HOST).unwrap_or_default();
        match &self.token {
            None if !self.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) => {
                return Some(ApiError::new(
                    StatusCode::FORBIDDEN,
                    format!(
                        "this server answers only to {} (a request for another host \
                         name may come from a DNS rebinding attack)",
                        self.hosts.join(", ")
                    ),
                ));
            }
            Some(token) if !presented_tokens(uri, headers).any(|t| same_secret(t, token)) => {
                return Some(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "this server needs its token: open the address it printed at start-up",
                ));
            }
            _ => {}
        }
        let fetch_site = text(headers, "sec-fetch-site");
        let from_elsewhere = fetch_site.is_some_and(|s| s != "same-origin" && s != "none");
        let navigating = text(headers, "sec-fetch-mode") == Some("navigate");
        let changes_state = method != Method::GET && method != Method::HEAD;
        if from_elsewhere && (changes_state || !navigating) {
            return Some(ApiError::new(
                StatusCode::FORBIDDEN,
                "requests from other sites are refused",
            ));
        }
        if !changes_state {
            return None;
        }
        if let Some(origin) = headers.get(header::ORIGIN) {
            let own = format!("http://{host}");
            if !origin.to_str().is_ok_and(|o| o.eq_ignore_ascii_case(&own)) {
                return Some(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "requests from other origins are refused",
                ));
            }
        }
        let media_type = text(headers, header::CONTENT_TYPE)
            .and_then(|t| t.split(';').next())
            .map(str::trim);
        if !media_type.is_some_and(|t| t.eq_ignore_ascii_case("application/json")) {
            return Some(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "send JSON with Content-Type: application/json",
            ));
        }
        None
    }

    /// Whether the request brought the token in its query (so a cookie should keep it).
    fn token_in_query(&self, uri: &Uri) -> Option<&str> {
        let token = self.token.as_deref()?;
        query_token(uri)
            .filter(|t| same_secret(t, token))
            .map(|_| token)
    }
}

/// A header's value as text, if it is there and is text.
fn text(headers: &HeaderMap, name: impl header::AsHeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The `token` parameter of a query string.
fn query_token(uri: &Uri) -> Option<&str> {
    uri.query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
}

/// Every token a request presents: in the query, a cookie, or `Authorization: Bearer`.
fn presented_tokens<'a>(uri: &'a Uri, headers: &'a HeaderMap) -> impl Iterator<Item = &'a str> {
    let cookies = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix(TOKEN_COOKIE)?.strip_prefix('='));
    let bearer = text(headers, header::AUTHORIZATION).and_then(|v| v.strip_prefix("Bearer "));
    query_token(uri).into_iter().chain(cookies).chain(bearer)
}

/// Compares secrets in time that does not depend on where they differ.
fn same_secret(given: &str, secret: &str) -> bool {
    given.len() == secret.len()
        && given
            .bytes()
            .zip(secret.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// A random token of 128 bits, as hex. The randomness comes from the keys
/// the standard library draws from the operating system for `HashMap`.
pub fn random_token() -> String {
    let half = || {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(std::process::id().into());
        hasher.finish()
    };
    format!("{:016x}{:016x}", half(), half())
}

/// Refuses what must be refused; otherwise runs the request (and keeps a
/// token given in the query in a cookie, so the page's own requests carry it).
pub async fn check_request(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if let Some(refusal) = app
        .guard
        .refusal(request.method(), request.uri(), request.headers())
    {
        return refusal.into_response();
    }
    let cookie = app
        .guard
        .token_in_query(request.uri())
        .map(|token| format!("{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"));
    let mut response = next.run(request).await;
    if let Some(cookie) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// Adds the security headers to every response, refusals and errors included.
pub async fn add_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-resource-policy", "same-origin"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cache-control", "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(method: Method, pairs: &[(&'static str, &'static str)]) -> Option<StatusCode> {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_static(value));
        }
        let uri: Uri = "/api/check".parse().expect("uri");
        Policy::new(4747, None)
            .refusal(&method, &uri, &headers)
            .map(|e| e.status)
    }

    const JSON: (&str, &str) = ("content-type", "application/json; charset=utf-8");

    #[test]
    fn only_loopback_host_names_with_the_port_are_answered() {
        for host in ["127.0.0.1:4747", "LOCALHOST:4747", "[::1]:4747"] {
            assert_eq!(request(Method::GET, &[("host", host)]), None, "{host}");
        }
        for host in [
            "evil.example:4747",
            "127.0.0.1",
            "localhost:80",
            "127.0.0.1:4747.evil",
        ] {
            assert_eq!(
                request(Method::GET, &[("host", host)]),
                Some(StatusCode::FORBIDDEN),
                "{host}"
            );
        }
        assert_eq!(request(Method::GET, &[]), Some(StatusCode::FORBIDDEN));
    }

    #[test]
    fn posts_need_json_and_their_own_origin() {
        let host = ("host", "localhost:4747");
        assert_eq!(request(Method::POST, &[host, JSON]), None);
        assert_eq!(
            request(
                Method::POST,
                &[host, JSON, ("origin", "http://localhost:4747")]
            ),
            None
        );
        assert_eq!(
            request(Method::POST, &[host, ("content-type", "text/plain")]),
            Some(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        );
        assert_eq!(
            request(Method::POST, &[host]),
            Some(StatusCode::UNSUPPORTED_MEDIA_TYPE)
        );
        assert_eq!(
            request(
                Method::POST,
                &[host, JSON, ("origin", "http://evil.example")]
            ),
            Some(StatusCode::FORBIDDEN)
        );
        assert_eq!(
            request(Method::POST, &[host, JSON, ("origin", "null")]),
            Some(StatusCode::FORBIDDEN)
        );
    }

    #[test]
    fn other_sites_may_navigate_to_a_page_but_not_fetch_or_post() {
        let host = ("host", "127.0.0.1:4747");
        let cross = ("sec-fetch-site", "cross-site");
        let navigate = ("sec-fetch-mode", "navigate");
        assert_eq!(request(Method::GET, &[host, cross, navigate]), None);
        assert_eq!(
            request(Method::GET, &[host, cross, ("sec-fetch-mode", "cors")]),
            Some(StatusCode::FORBIDDEN)
        );
        assert_eq!(
            request(Method::POST, &[host, JSON, ("sec-fetch-site", "same-site")]),
            Some(StatusCode::FORBIDDEN)
        );
        assert_eq!(
            request(
                Method::POST,
                &[host, JSON, ("sec-fetch-site", "same-origin")]
            ),
            None
        );
    }

    #[test]
    fn a_remote_server_needs_its_token_from_query_cookie_or_bearer() {
        let policy = Policy::new(4747, Some("abc123".to_string()));
        let get = |uri: &str, pairs: &[(&'static str, &'static str)]| {
            let mut headers = HeaderMap::new();
            headers.insert("host", HeaderValue::from_static("192.0.2.7:4747"));
            for (name, value) in pairs {
                headers.append(*name, HeaderValue::from_static(value));
            }
            let uri: Uri = uri.parse().expect("uri");
            policy.refusal(&Method::GET, &uri, &headers).is_none()
        };
        assert!(!get("/", &[]));
        assert!(!get("/?token=abc124", &[]));
        assert!(get("/?token=abc123", &[]));
        assert!(get("/", &[("cookie", "a=b; markpoint_token=abc123")]));
        assert!(get("/", &[("authorization", "Bearer abc123")]));
        assert!(!get("/", &[("cookie", "markpoint_token=abc12")]));
    }

    #[test]
    fn tokens_are_random_and_long() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
