import type { Snippet } from 'svelte';
import type { ApiKey, DisplayToken } from '$contract';

/** What every revocable credential (API key, display token) shows in its list. */
export type Credential = Pick<ApiKey & DisplayToken, 'id' | 'name' | 'scope' | 'prefix' | 'createdBy' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>;

/** A column one kind of credential adds between its scope and its last use; `cell` renders the `<td>`. */
export interface CredentialColumn<T> {
  header: string;
  cell: Snippet<[T]>;
}

/** The value shown once after creating a credential (SecretOnce's texts). */
export interface RevealedSecret {
  title: string;
  label: string;
  value: string;
  note: string;
}
