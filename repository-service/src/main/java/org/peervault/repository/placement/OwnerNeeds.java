package org.peervault.repository.placement;

/**
 * What placement must achieve for the chunks of one owner: availability at least
 * {@code targetAvailability} (its policy's p_s) in every hour of {@code window} (the hours it is
 * usually up).
 */
public record OwnerNeeds(RestoreWindow window, double targetAvailability) {}
