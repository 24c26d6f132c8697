import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'cascade:public';

/** A route anyone may call without a token (health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
