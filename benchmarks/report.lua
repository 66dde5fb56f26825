-- wrk reporter: one JSON line with throughput, latency percentiles (ms) and errors.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local failed = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "p50": %.1f, "p95": %.1f, "p99": %.1f, "errors": %d}\n',
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, failed))
end
