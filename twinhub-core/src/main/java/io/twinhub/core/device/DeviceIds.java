package io.twinhub.core.device;

/** The contract's device id rule: 1–128 characters of {@code [A-Za-z0-9_.:-]}. */
public final class DeviceIds {

    public static final int MAX_LENGTH = 128;

    private DeviceIds() { }

    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char ch = id.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '_' || ch == '.' || ch == ':' || ch == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
