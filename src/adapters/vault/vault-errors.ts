export class VaultError extends Error {
  override name = 'VaultError';
}

/**
 * The stored item does not authenticate: a byte of the blob, its header or the wrapped key changed,
 * files or rows were swapped between items, or the blob is missing. Nothing is returned then.
 */
export class VaultIntegrityError extends VaultError {
  override name = 'VaultIntegrityError';
  constructor(
    readonly itemId: string,
    why: string,
  ) {
    super(`quarantine item ${itemId} failed integrity check: ${why}`);
  }
}

export class VaultNotFoundError extends VaultError {
  override name = 'VaultNotFoundError';
  constructor(readonly itemId: string) {
    super(`no quarantine item ${itemId} (never stored, or deleted)`);
  }
}

/** The item is wrapped under a master key this keyring does not have (retired, or another install's). */
export class VaultKeyMissingError extends VaultError {
  override name = 'VaultKeyMissingError';
  constructor(
    readonly itemId: string,
    readonly keyId: string,
  ) {
    super(`quarantine item ${itemId} is wrapped under master key ${keyId}, which is not in the keyring`);
  }
}
