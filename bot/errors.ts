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
