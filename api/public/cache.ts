// PLACEHOLDER: replaced by the public JSON work.
export class PublicCache {
  invalidate(): void {}
}
