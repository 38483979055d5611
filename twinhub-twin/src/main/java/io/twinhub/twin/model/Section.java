package io.twinhub.twin.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The desired or the reported section of a shadow: its state tree, the metadata tree of the same
 * shape, and both serialized once when the section is made. A section is never empty (an empty
 * one is no section) and its trees are never changed after this point, so states share it.
 */
final class Section {

    final ObjectNode state;
    final ObjectNode metadata;
    final byte[] stateJson;
    final byte[] metadataJson;

    Section(ObjectNode state, ObjectNode metadata) {
        this.state = state;
        this.metadata = metadata;
        this.stateJson = Json.bytes(state);
        this.metadataJson = Json.bytes(metadata);
    }

    /** The serialized size of a section's state, 0 for no section. */
    static int stateBytes(Section section) {
        return section == null ? 0 : section.stateJson.length;
    }
}
