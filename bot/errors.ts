/** A mistake in what a chat user sent (unknown staff code, a card from another chat). Never a 500. */
export class BotInputError extends Error {
  constructor(
    readonly kind: 'not_found' | 'invalid' | 'forbidden',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'BotInputError';
  }
}

/**
 * A channel could not deliver: `unavailable` (platform down, 5xx, network; retry later),
 * `rate_limited` (retry after `retryAfterMs`), `rejected` (the platform refused this message; a
 * retry cannot help). The outbox turns these into its retry, backoff or park decisions.
 */
export class ChannelError extends Error {
  constructor(
    readonly kind: 'unavailable' | 'rate_limited' | 'rejected',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

/** An image a user sent is bigger than the bot accepts; it was not read to the end. */
export class ImageTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the image is larger than ${maxBytes} bytes`);
    this.name = 'ImageTooLargeError';
  }
}
