package io.twinhub.core.device;

import java.util.List;

/**
 * One page of a device listing, in id order.
 *
 * @param devices the devices on this page
 * @param nextCursor pass it to get the next page; null on the last page
 */
public record DevicePage(List<Device> devices, String nextCursor) {
}
