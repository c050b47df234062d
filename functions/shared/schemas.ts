import { slug } from '@soquy/http';
import { z } from 'zod';

export const fundPath = z.object({ fundId: slug });
