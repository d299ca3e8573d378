package dev.airlock.proxy.server;

/**
 * What a CONNECT established: the fixed target every request in the tunnel goes to, and the
 * credentials the tunnel was opened with (re-checked per request so revocation applies at once).
 *
 * @param target the CONNECT target (tls says whether the agent spoke TLS inside the tunnel)
 * @param destination the checked upstream address
 * @param credentials credentials from the CONNECT request
 */
record TunnelInfo(Target target, Destination destination, ProxyCredentials credentials) {}
