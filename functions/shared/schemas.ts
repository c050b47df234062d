import { slug } from '@soquy/http';
import * as z from 'zod';

export const fundPath = z.object({ fundId: slug });
