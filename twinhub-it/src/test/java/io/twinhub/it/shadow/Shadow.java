package io.twinhub.it.shadow;

/**
 * The topics of one shadow (contract §3): {@code prefix} is {@code $twin} or its alias
 * {@code $aws}, {@code name} is empty for the classic shadow.
 */
record Shadow(String prefix, String thing, String name) {

    static Shadow twin(String thing) {
        return new Shadow("$twin", thing, "");
    }

    static Shadow aws(String thing) {
        return new Shadow("$aws", thing, "");
    }

    Shadow named(String shadowName) {
        return new Shadow(prefix, thing, shadowName);
    }

    /** The same shadow under the other prefix. */
    Shadow alias() {
        return new Shadow(prefix.equals("$twin") ? "$aws" : "$twin", thing, name);
    }

    /** {@code P} of the contract, e.g. {@code $twin/things/lamp/shadow/name/fw}. */
    String base() {
        String classic = prefix + "/things/" + thing + "/shadow";
        return name.isEmpty() ? classic : classic + "/name/" + name;
    }

    /** {@code P/suffix}, e.g. {@code topic("update/delta")}. */
    String topic(String suffix) {
        return base() + "/" + suffix;
    }

    /** Every answer topic of this shadow (for the classic one, those of its named shadows too). */
    String all() {
        return base() + "/#";
    }

    @Override
    public String toString() {
        return base();
    }
}
