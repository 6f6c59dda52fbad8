package org.peervault.repository.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/** The paging query parameters every list takes: {@code ?page=0&size=50}. */
public class PageParams {
  /** Largest page size. */
  public static final int MAX_SIZE = 200;

  /** Page number, 0-based. */
  @QueryParam("page")
  @DefaultValue("0")
  @Min(value = 0, message = "page must be 0 or more")
  public int page;

  /** Items per page. */
  @QueryParam("size")
  @DefaultValue("50")
  @Min(value = 1, message = "size must be 1 to 200")
  @Max(value = MAX_SIZE, message = "size must be 1 to 200")
  public int size;
}
