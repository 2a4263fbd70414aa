package io.portagent.auth;

import java.util.List;

/**
 * Run by {@link ClientAddressDnsTest} in a JVM whose name service is a hosts file that maps
 * every given name to 127.0.0.1: prints, per name, the client {@link ClientAddress} picks for
 * {@code X-Forwarded-For: 198.51.100.1, <name>} from a loopback peer.
 */
public final class ClientAddressProbe {

    private ClientAddressProbe() {
    }

    public static void main(String[] names) {
        ClientAddress address = new ClientAddress(List.of("127.0.0.1", "::1"));
        for (String name : names) {
            System.out.println(name + " -> " + address.of("127.0.0.1", "198.51.100.1, " + name));
        }
    }
}
