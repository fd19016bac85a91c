package org.mastspark.emulator.sky;

/**
 * One column of a Portal result, as it appears in the {@code fields} array of a MAST JSON response:
 * {@code {"name": "s_ra", "type": "float"}}. Types use MAST's vocabulary ({@code string}, {@code float},
 * {@code int}, {@code boolean}, ...).
 */
public record Field(String name, String type) {}
