vcl 4.1;
# The front cache of docker-compose.example.yml: Varnish between the TLS proxy and the
# application instances. It keeps what anonymous readers see, never anything of a
# signed-in person, and drops a page when the application sends PURGE on publish
# (FRONTEND_CACHE_PURGE_URL=http://varnish:80). Rules: README, "Deployment past one machine".

import directors;

probe health {
    # Host must be one of ALLOWED_HOSTS; /health/ is exempt from the HTTPS redirect.
    .request = "GET /health/ HTTP/1.1"
               "Host: tudastar.example.org"
               "Connection: close";
    .interval = 5s;
    .timeout = 2s;
    .window = 5;
    .threshold = 3;
}

backend web_1 { .host = "web-1"; .port = "8000"; .probe = health; }
backend web_2 { .host = "web-2"; .port = "8000"; .probe = health; }

# Only the application instances may purge.
acl purgers {
    "web-1";
    "web-2";
    "localhost";
}

sub vcl_init {
    new instances = directors.round_robin();
    instances.add_backend(web_1);
    instances.add_backend(web_2);
}

sub vcl_recv {
    set req.backend_hint = instances.backend();

    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Only HTTPS answers are kept, so one object per address (and per purge).
    if (req.http.X-Forwarded-Proto != "https") {
        return (pass);
    }
    # Signed-in people (and readers who gave a page password) are never served from
    # the cache, nor is the admin, any document, the language redirect at "/", the
    # health probe, or search (whose statistics count each search).
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    if (req.url ~ "^/(admin|documents|health)/" || req.url == "/"
        || req.url ~ "^/[a-z]{2}/search/") {
        return (pass);
    }
    # Anonymous readers all get the same page: their cookies (language, CSRF) do not
    # change it, and dropping them lets Vary: Cookie match one stored copy.
    unset req.http.Cookie;
    unset req.http.Authorization;
    return (hash);
}

sub vcl_backend_response {
    # Whatever the application marks private, or answers with a cookie, is not kept.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Pages without a lifetime of their own are kept five minutes: a purge drops the
    # page itself at once; listings, filters and related panels elsewhere catch up.
    if (!beresp.http.Cache-Control && beresp.http.Content-Type ~ "^text/html") {
        set beresp.ttl = 300s;
    }
    # If every instance is down, readers get the last copy for up to a day.
    set beresp.grace = 24h;
    return (deliver);
}

sub vcl_deliver {
    # The browser must not keep a page longer than the front cache does.
    if (resp.http.Content-Type ~ "^text/html" && !resp.http.Cache-Control) {
        set resp.http.Cache-Control = "no-cache";
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}
