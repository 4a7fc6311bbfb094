/**
 * Errors of @a2v/search. `SearchInputError` is the one a caller sees for bad input (unknown method
 * or benchmark, bad budget, an embedding set or state that does not fit): it is always thrown
 * before any query is charged, so a rejected run leaves the ledger untouched.
 */

/** Base class: `instanceof SearchError` catches everything this library throws on purpose. */
export class SearchError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request cannot be run as given; nothing has been queried or charged. */
export class SearchInputError extends SearchError {}

/** A method was driven against its ask/tell contract (e.g. observing keys it never proposed). */
export class SearchProtocolError extends SearchError {}

/** Every labelled architecture has been queried: there is nothing left to propose. */
export class SearchSpaceExhaustedError extends SearchError {}
